import { t } from '@/lib/i18n';
import { z } from 'zod';

/**
 * Links a provider sends end up as something the user clicks (a join button, "open in
 * Calendar"), so only `https:` is accepted: a `javascript:` or `data:` link from a spoofed or
 * compromised answer must never reach a page.
 */
export function isHttpsLink(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** A link the answer exists for (a Meet space, a Teams meeting): anything else fails the answer, naming the field. */
export const requiredHttpsLink = z.string().refine(isHttpsLink, { error: () => t('provider_linkNotHttps') });

/** A link beside what matters (an event's web link): one that is not https is dropped, the answer kept. */
export const droppableHttpsLink = z
  .string()
  .optional()
  .transform((value) => (value !== undefined && isHttpsLink(value) ? value : undefined));

/** Graph's nullable form of `droppableHttpsLink`: a link that is not https reads as none. */
export const droppableHttpsLinkOrNull = z
  .string()
  .nullish()
  .transform((value) => (value != null && isHttpsLink(value) ? value : null));
