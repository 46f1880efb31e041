import { formatList, t, type MessageKey } from '@/lib/i18n';
import type { ApplyOutcome, FormField } from '@/lib/sites/core/types';

const fieldKeys = {
  'start date': 'panel_fieldStartDate',
  'start time': 'panel_fieldStartTime',
  'end date': 'panel_fieldEndDate',
  'end time': 'panel_fieldEndTime',
  location: 'panel_fieldLocation',
  description: 'panel_fieldDescription',
} as const satisfies Record<FormField, MessageKey>;

/**
 * What a panel says when the page's form did not take part of a write: which fields, and what
 * the user does instead. `copied` says whether the clipboard took the text, so the sentence never
 * claims a copy that did not happen. Undefined when every field took its value.
 */
export function refusalNotice(siteName: string, outcome: ApplyOutcome, copied: boolean): string | undefined {
  if (!outcome.refused.length) return undefined;
  const fields = outcome.refused.map((refusal) => refusal.field);
  const withLink = fields.some((field) => field === 'location' || field === 'description');
  const next = copied ? (withLink ? 'panel_copiedTimeAndLink' : 'panel_copiedTime') : withLink ? 'panel_copyTimeAndLink' : 'panel_copyTime';
  return `${t('panel_refused', { site: siteName, fields: formatList(fields.map((field) => t(fieldKeys[field]))) })} ${t(next)}`;
}
