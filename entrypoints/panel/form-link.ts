import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { PanelReply, PanelRequest } from '@/lib/sites/core/channel';
import type { ApplyOutcome, FormDraft, FormWrite, InsertBlock, InsertOutcome, SiteId } from '@/lib/sites/core/types';
import { t } from '@/lib/i18n';

/** The panel's end of the channel to its form (see lib/sites/core/channel.ts for why tabs messaging). */
export interface FormLink {
  context(): Promise<{ site: SiteId; draft: FormDraft; origin: string }>;
  apply(write: FormWrite): Promise<ApplyOutcome>;
  close(): Promise<void>;
  /** Gmail: inserts a block at the compose's cursor. */
  insert(block: InsertBlock): Promise<InsertOutcome>;
}

export class FormGoneError extends Error {
  override readonly name = 'FormGoneError';
}

/**
 * Binds this panel to the form it was opened for: requests go to the top frame of the panel's
 * own tab (where the content script runs), never to the host page's window.
 */
export async function linkToForm(formId: string): Promise<FormLink> {
  const tab = await browser.tabs.getCurrent();
  if (tab?.id === undefined) throw new FormGoneError(t('panel_notInPage'));
  const tabId = tab.id;
  async function send(request: PanelRequest): Promise<PanelReply> {
    const reply = (await browser.tabs.sendMessage(tabId, request, { frameId: 0 })) as PanelReply | undefined;
    if (!reply) throw new FormGoneError(t('panel_pageSilent'));
    if (!reply.ok) throw new FormGoneError(reply.reason === 'form-gone' ? t('panel_formGone') : t('panel_pageRefused'));
    return reply;
  }
  return {
    async context() {
      const reply = await send({ overlapPanel: 'context', formId });
      if (!('draft' in reply)) throw new FormGoneError(t('panel_noContext'));
      return { site: reply.site, draft: reply.draft, origin: reply.origin };
    },
    async apply(write) {
      const reply = await send({ overlapPanel: 'apply', formId, write });
      if (!('outcome' in reply)) throw new FormGoneError(t('panel_noWriteAnswer'));
      return reply.outcome;
    },
    async close() {
      await send({ overlapPanel: 'close', formId });
    },
    async insert(block) {
      const reply = await send({ overlapPanel: 'insert', formId, block });
      if (!('inserted' in reply)) throw new FormGoneError(t('panel_noInsertAnswer'));
      return reply.inserted;
    },
  };
}

/** A panel's form: the link to it, what it held when the panel opened, and the page's origin (Outlook's deep link stays on the user's host). */
export interface BoundForm {
  link: FormLink;
  draft: FormDraft;
  origin: string;
}

/**
 * The form a panel is bound to, once its page answered, and Escape closing the panel; the
 * failure's words when the page did not answer.
 */
export function useBoundForm(formId: string): { form?: BoundForm; formFailure?: string } {
  const [form, setForm] = useState<BoundForm | undefined>();
  const [formFailure, setFormFailure] = useState<string | undefined>();
  useEffect(() => {
    linkToForm(formId)
      .then(async (link) => {
        const { draft, origin } = await link.context();
        setForm({ link, draft, origin });
      })
      .catch((error: unknown) => setFormFailure(error instanceof Error ? error.message : String(error)));
  }, [formId]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) void form?.link.close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [form]);
  return { ...(form ? { form } : {}), ...(formFailure ? { formFailure } : {}) };
}
