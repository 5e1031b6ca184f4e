// An outgoing document's journey through the hub (HN 9.3, HN 10.1), per recipient reached through it: the latest
// state and, folded, the whole trail with times — đã gửi lên trục, đã chuyển đến, đã đến, đã tiếp nhận, từ chối
// (with the reason), đang xử lý, hoàn thành, đồng ý / từ chối thu hồi. Read only; kept current by the core's events.

import { useCallback, useEffect, useState } from 'react';
import type { DeliveryEventDto } from '../../../../src-shared/api/sync';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { onCoreEvent } from '../workflow/events';
import { deliveryTone } from './common';
import { useDocumentSync } from './IncomingSyncPanel';

export function HubDeliveriesCard({ documentId, wanted }: { documentId: number; wanted: boolean }) {
  const { info } = useDocumentSync(documentId, wanted);
  const [events, setEvents] = useState<DeliveryEventDto[]>([]);
  const load = useCallback(() => void call('sync.deliveries', { documentId }).then(setEvents, () => setEvents([])), [documentId]);
  useEffect(() => {
    if (!wanted) return;
    load();
    return onCoreEvent((name, data) => {
      if (name === 'sync.changed' || (name === 'document.changed' && (data as { id: number }).id === documentId)) load();
    });
  }, [load, wanted, documentId]);

  const recipients = info?.recipients ?? [];
  if (!wanted || recipients.length === 0) return null;
  const byRecipient = new Map<string, DeliveryEventDto[]>();
  for (const e of [...events].sort((a, b) => a.at - b.at)) byRecipient.set(e.recipientCode, [...(byRecipient.get(e.recipientCode) ?? []), e]);

  return (
    <div className="card" aria-labelledby="hub-deliveries-title">
      <div className="card-head">
        <h2 id="hub-deliveries-title" className="grow">
          Gửi qua trục liên thông ({recipients.length})
        </h2>
        <span className="muted small">Tình trạng ở từng nơi nhận, theo trạng thái nơi nhận báo về</span>
      </div>
      <div className="table-wrap">
        <table className="data stacked sync-deliveries">
          <thead>
            <tr>
              <th>Nơi nhận</th>
              <th>Tình trạng</th>
              <th>Quá trình</th>
            </tr>
          </thead>
          <tbody>
            {recipients.map((r) => {
              const trail = byRecipient.get(r.code) ?? [];
              const label = r.label;
              return (
                <tr key={r.code} aria-label={`${r.name}: ${label}`}>
                  <td>
                    {r.name} <span className="mono muted">{r.code}</span>
                  </td>
                  <td data-label="Tình trạng">
                    <span className={`badge ${deliveryTone(r.event)}`} data-testid="hub-delivery-state">
                      {label}
                    </span>
                    {r.at && <div className="muted small">{fmtDateTime(r.at)}</div>}
                  </td>
                  <td data-label="Quá trình">
                    {trail.length === 0 ? (
                      <span className="muted">Chưa có</span>
                    ) : (
                      <details className="sync-trail-details" open={trail.some((e) => e.event === '02' || e.event === 'refused_by_hub' || e.event === '16')}>
                        <summary>
                          {trail.length} bước · gần nhất {fmtDateTime(trail[trail.length - 1].at)}
                        </summary>
                        <ol className="sync-trail" aria-label={`Quá trình gửi cho ${r.name}`}>
                          {trail.map((e, i) => (
                            <li key={`${e.event}-${e.at}-${i}`} className={deliveryTone(e.event) === 'red' ? 'bad' : deliveryTone(e.event) === 'green' ? 'done' : ''}>
                              <strong>{e.label}</strong> <time className="muted small">{fmtDateTime(e.at)}</time>
                              {e.description && <div className="small prewrap">{e.description}</div>}
                            </li>
                          ))}
                        </ol>
                      </details>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
