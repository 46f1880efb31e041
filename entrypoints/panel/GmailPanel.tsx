import { useMemo, useState } from 'react';
import { FindTimeFeature } from '@/components/FindTimeFeature';
import { GuidanceNotice } from '@/components/GuidanceNotice';
import type { InsertBlock } from '@/lib/sites/core/types';
import { invitationBlock, MAX_INSERTED_TIMES, plainTextOf, timesBlock } from '@/lib/sites/gmail/mail-text';
import { guidanceFor, type Guidance } from '@/lib/ui/errors';
import { useAccountsAndPreferences } from '@/lib/ui/find/use-accounts-and-preferences';
import { useAnnouncer } from '@/lib/ui/find/use-announcer';
import { useBoundForm } from './form-link';
import { openPermissionsPage } from './open-permissions';
import { PanelShell } from './PanelShell';
import { initialFrom } from './PanelApp';
import { t } from '@/lib/i18n';

type InsertState =
  | { kind: 'idle' }
  | { kind: 'inserting'; block: InsertBlock }
  | { kind: 'inserted'; block: InsertBlock; as: 'html' | 'text' }
  | { kind: 'refused'; block: InsertBlock; notice: string; copied: boolean }
  | { kind: 'failed'; block: InsertBlock; guidance: Guidance };

/**
 * Gmail's panel, bound to one compose: "Insert times" puts up to three ranked times at the
 * compose's cursor; "Send an invite" books the time through the one booking path (idempotent, a
 * partner event, the event-write scope asked for on first use) and then inserts the line saying
 * so. No Gmail scope: the page gives the recipients and subject, the content script inserts text.
 */
export function GmailPanel({ formId }: { formId: string }) {
  const loaded = useAccountsAndPreferences();
  const { accounts, preferences } = loaded;
  const { announcement, announce } = useAnnouncer();
  const { form, formFailure } = useBoundForm(formId);
  const [insert, setInsert] = useState<InsertState>({ kind: 'idle' });
  const initial = useMemo(() => form && initialFrom(form.draft), [form]);


  /** Inserts a block; trying again sends the same block id, which the compose keeps only once. */
  async function insertBlock(block: InsertBlock) {
    if (!form) return;
    setInsert({ kind: 'inserting', block });
    try {
      const outcome = await form.link.insert(block);
      if (outcome.inserted) {
        setInsert({ kind: 'inserted', block, as: outcome.inserted });
        announce(outcome.inserted === 'text' ? t('panel_insertedAsText') : t('panel_inserted'));
        return;
      }
      const copied = await navigator.clipboard.writeText(plainTextOf(block)).then(() => true, () => false);
      setInsert({ kind: 'refused', block, copied, notice: `${outcome.reason} ${copied ? t('panel_copiedText') : t('panel_copyText')}` });
    } catch (error) {
      setInsert({ kind: 'failed', block, guidance: guidanceFor(error, t('guidance_doingInsertEmail')) });
    }
  }
  const again = () => insert.kind !== 'idle' && insert.kind !== 'inserting' && void insertBlock(insert.block);

  return (
    <PanelShell heading={t('panel_headingEmail')} onClose={() => void form?.link.close()} formFailure={formFailure} accounts={loaded} announcement={announcement}>
        {insert.kind === 'inserting' && <p className="progress">{t('panel_inserting')}</p>}
        {insert.kind === 'inserted' && (
          <div className="result" role="status">
            <p data-overlap-result>{insert.as === 'text' ? t('panel_insertedAsText') : t('panel_inserted')}</p>
            <pre className="small">{plainTextOf(insert.block)}</pre>
            <button type="button" onClick={again}>
              {t('panel_insertAgain')}
            </button>
          </div>
        )}
        {insert.kind === 'refused' && (
          <div className="guidance" role="alert" data-testid="insert-fallback">
            <p>{insert.notice}</p>
            <textarea readOnly aria-label={t('panel_textToPaste')} value={plainTextOf(insert.block)} rows={4} onFocus={(event) => event.currentTarget.select()} />
            <button type="button" onClick={again}>
              {t('panel_tryInserting')}
            </button>
          </div>
        )}
        {insert.kind === 'failed' && <GuidanceNotice guidance={insert.guidance} onAction={again} />}
        {form && accounts && accounts.length > 0 && (
          <FindTimeFeature
            accounts={accounts}
            preferences={preferences?.preferences}
            announce={announce}
            onOpenPermissions={openPermissionsPage}
            initial={initial}
            selection={{ max: MAX_INSERTED_TIMES, label: t('panel_insertTimes'), onSubmit: (slots, context) => void insertBlock(timesBlock(crypto.randomUUID(), slots, context.timeZone)) }}
            slotAction={{ kind: 'book', verb: t('panel_sendInvite'), onBooked: (meeting) => void insertBlock(invitationBlock(meeting.id, meeting)) }}
          />
        )}
    </PanelShell>
  );
}
