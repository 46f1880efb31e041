import { plural } from '@/lib/i18n';
import type { StorageHealth } from '@/lib/store/health';

/** Says when storage holds less than it should: damaged rows left out, booked meetings not saved on this device. */
export function StorageHealthNotice({ health }: { health: StorageHealth | undefined }) {
  if (!health) return null;
  const damaged = Object.values(health.damaged).reduce((sum, count) => sum + count, 0);
  return (
    <>
      {health.unsavedMeetings > 0 && (
        <p role="status" className="warning small" data-testid="storage-unsaved">
          {plural('storage_unsaved', health.unsavedMeetings)}
        </p>
      )}
      {damaged > 0 && (
        <p role="status" className="warning small" data-testid="storage-damaged">
          {plural('storage_damaged', damaged)}
        </p>
      )}
    </>
  );
}
