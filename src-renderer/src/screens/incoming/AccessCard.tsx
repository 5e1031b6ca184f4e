// Who a document is given to (trình, chủ trì, phối hợp, để biết) and so who may see it besides the role-wide readers,
// with "Gửi để biết" for the clerk and leaders: a filterable checklist of units and people.

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PersonDto, UnitDto } from '../../../../src-shared/api/accounts';
import { ACCESS_KINDS, type AccessLinkDto } from '../../../../src-shared/api/documents';
import { fold } from '../../../../src-shared/vn/text';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { useSession } from '../../session';
import { Button, Checkbox, TextField } from '../../ui/Controls';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';

export function AccessCard({ documentId, restricted }: { documentId: number; restricted: boolean }) {
  const { can } = useSession();
  const toast = useToast();
  const [links, setLinks] = useState<AccessLinkDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sharing, setSharing] = useState(false);
  const { busy, run } = useAction();
  const load = useCallback(() => call('documents.access', { id: documentId }).then(setLinks, setError), [documentId]);
  useEffect(() => void load(), [load]);
  const share = can('documents.share');

  return (
    <div className="card card-body" aria-labelledby="access-title">
      <div className="row">
        <h3 id="access-title">Người được xem</h3>
        <span className="spacer" />
        {share && (
          <Button small onClick={() => setSharing(true)}>
            Gửi để biết…
          </Button>
        )}
      </div>
      <p className="muted small">
        {restricted
          ? 'Văn bản hạn chế: chỉ người vào sổ và những người, đơn vị dưới đây (cùng trưởng, phó đơn vị của họ) xem được.'
          : 'Lãnh đạo, văn thư xem được mọi văn bản không hạn chế; chuyên viên xem văn bản giao cho mình, gửi để biết cho mình hoặc đơn vị mình.'}
      </p>
      <ErrorBanner error={error} />
      {links && links.length === 0 && <p className="muted">Chưa giao, chưa gửi để biết cho ai.</p>}
      {links && links.length > 0 && (
        <ul className="access-list">
          {links.map((l) => (
            <li key={l.id}>
              <span className="badge">{ACCESS_KINDS[l.kind]}</span> <strong>{l.userName ?? l.unitName}</strong>
              {l.unitId != null && <span className="muted"> (đơn vị)</span>}
              <span className="muted small">
                {' '}
                — {l.grantedBy ?? 'hệ thống'}, {fmtDateTime(l.grantedAt)}
              </span>
              {share && l.kind === 'info' && (
                <Button
                  small
                  variant="ghost"
                  busy={busy}
                  aria-label={`Thôi gửi để biết cho ${l.userName ?? l.unitName}`}
                  onClick={() =>
                    void run(async () => {
                      setLinks(await call('documents.unshare', { id: documentId, linkId: l.id }));
                      toast('ok', `Đã thôi gửi để biết cho ${l.userName ?? l.unitName}.`);
                    })
                  }
                >
                  Thôi
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {sharing && (
        <ShareDialog
          documentId={documentId}
          onClose={() => setSharing(false)}
          onDone={(next, n) => {
            setLinks(next);
            toast('ok', `Đã gửi để biết cho ${n} người, đơn vị.`);
          }}
        />
      )}
    </div>
  );
}

function ShareDialog({ documentId, onClose, onDone }: { documentId: number; onClose: () => void; onDone: (links: AccessLinkDto[], n: number) => void }) {
  const [people, setPeople] = useState<PersonDto[]>([]);
  const [units, setUnits] = useState<UnitDto[]>([]);
  const [filter, setFilter] = useState('');
  const [userIds, setUserIds] = useState<number[]>([]);
  const [unitIds, setUnitIds] = useState<number[]>([]);
  const { busy, error, run } = useAction();
  useEffect(() => {
    void call('users.directory', {}).then(setPeople, () => {});
    void call('units.list', {}).then(
      (u) => setUnits(u.filter((x) => x.active)),
      () => {},
    );
  }, []);
  const f = fold(filter.trim());
  const shownUnits = useMemo(() => units.filter((u) => !f || fold(u.name).includes(f)), [units, f]);
  const shownPeople = useMemo(() => people.filter((p) => !f || fold(`${p.fullName} ${p.unitName ?? ''} ${p.position ?? ''}`).includes(f)), [people, f]);
  const toggle = (list: number[], set: (v: number[]) => void, id: number) => (on: boolean) => set(on ? [...list, id] : list.filter((x) => x !== id));
  const go = () =>
    run(async () => {
      onDone(await call('documents.share', { id: documentId, userIds, unitIds }), userIds.length + unitIds.length);
      onClose();
    });

  return (
    <ActionDialog title="Gửi văn bản để biết" wide onClose={onClose} action="Gửi để biết" busy={busy} actionDisabled={!userIds.length && !unitIds.length} onAction={go}>
      <ErrorBanner error={error} />
      <p className="muted">
        Người được chọn và mọi người trong đơn vị được chọn xem được văn bản và tệp đính kèm; trưởng, phó đơn vị xem được cả văn bản gửi cho người trong đơn vị mình.
      </p>
      <TextField label="Lọc theo tên" value={filter} onChange={setFilter} autoFocus placeholder="Gõ không dấu cũng được" />
      <div className="share-columns">
        <fieldset>
          <legend>Đơn vị</legend>
          {shownUnits.length === 0 && <p className="muted small">Không có đơn vị phù hợp.</p>}
          {shownUnits.map((u) => (
            <Checkbox key={u.id} label={u.name} checked={unitIds.includes(u.id)} onChange={toggle(unitIds, setUnitIds, u.id)} />
          ))}
        </fieldset>
        <fieldset>
          <legend>Người</legend>
          {shownPeople.length === 0 && <p className="muted small">Không có người phù hợp.</p>}
          {shownPeople.map((p) => (
            <Checkbox
              key={p.id}
              label={
                <>
                  {p.fullName} <span className="muted small">{[p.position, p.unitName].filter(Boolean).join(' · ')}</span>
                </>
              }
              checked={userIds.includes(p.id)}
              onChange={toggle(userIds, setUserIds, p.id)}
            />
          ))}
        </fieldset>
      </div>
    </ActionDialog>
  );
}
