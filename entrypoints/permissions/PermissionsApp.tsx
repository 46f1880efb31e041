import { StatusLine } from '@/components/StatusLine';
import { useBackgroundStatus } from '../popup/PopupApp';

export function PermissionsApp() {
  const state = useBackgroundStatus();
  return (
    <main style={{ maxWidth: 880, margin: '0 auto', padding: 24 }}>
      <h1>Permissions and activity</h1>
      <StatusLine state={state} />
      <h2>Connected accounts</h2>
      <p>No account is connected. Overlap asks for a permission only when you first use the feature that needs it.</p>
    </main>
  );
}
