// Ảnh chữ ký của tôi: the picture of one's handwritten signature (PNG, transparent background) placed at the signing
// block when one signs a document digitally, and (for who signs personally) the linked remote signing credential.
// Opened from the user menu by whoever may use a token (signing.use).

import { useState } from 'react';
import { call } from '../../api';
import { Button } from '../../ui/Controls';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { PngUpload } from './common';
import { RemoteLinkSection } from './RemoteLinkSection';
import { useSession } from '../../session';

export function MySignatureDialog({ onClose }: { onClose: () => void }) {
  const toast = useToast();
  const { can } = useSession();
  const [done, setDone] = useState<'set' | 'removed' | null>(null);
  const { busy, error, run } = useAction();
  const remove = () =>
    run(async () => {
      await call('signing.setImage', { kind: 'signature', hash: null });
      setDone('removed');
      toast('ok', 'Đã bỏ ảnh chữ ký.');
    });
  return (
    <Dialog
      title="Ảnh chữ ký của tôi"
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" busy={busy} onClick={() => void remove()}>
            Bỏ ảnh chữ ký
          </Button>
          <span className="spacer" />
          <Button onClick={onClose}>Đóng</Button>
        </>
      }
    >
      <div className="stack">
        <p>
          Ảnh chữ ký tay của bạn được đặt tại ô chữ ký của văn bản khi bạn ký số. Dùng ảnh PNG <strong>nền trong suốt</strong>, chữ ký màu xanh hoặc đen, cắt sát nét chữ.
        </p>
        <ErrorBanner error={error} />
        <PngUpload
          label="Chọn ảnh chữ ký (PNG)…"
          hint="Ảnh mới thay ảnh đã đặt trước đó."
          onStored={async (hash) => {
            await call('signing.setImage', { kind: 'signature', hash });
            setDone('set');
            toast('ok', 'Đã cập nhật ảnh chữ ký.');
          }}
        />
        {done === 'set' && (
          <div className="banner ok" role="status">
            Đã lưu ảnh chữ ký; ảnh được dùng từ lần ký số tiếp theo.
          </div>
        )}
        {done === 'removed' && (
          <div className="banner info" role="status">
            Đã bỏ ảnh chữ ký.
          </div>
        )}
        {can('signing.personal') && <RemoteLinkSection />}
      </div>
    </Dialog>
  );
}
