import type { SessionArea } from '@/lib/auth/token-vault';

export interface MeetRoom {
  joinUrl: string;
  madeBy: string;
}

const KEY_PREFIX = 'overlap.inlineMeet.';

/**
 * The Meet rooms made for inline panels, by each panel's operation key. Meet has no idempotent
 * create, so the room is stored the moment it exists: a retry (a lost answer to the panel, a
 * second click, a restarted worker) gets the stored room instead of making another, and two
 * requests at once share one attempt. `storage.session`: a panel's key lives no longer than the
 * browser session it was made in.
 */
export class InlineMeetRooms {
  private readonly inFlight = new Map<string, Promise<MeetRoom>>();

  constructor(private readonly area: SessionArea) {}

  once(operationKey: string, make: () => Promise<MeetRoom>): Promise<MeetRoom> {
    const running = this.inFlight.get(operationKey);
    if (running) return running;
    const key = KEY_PREFIX + operationKey;
    const attempt = (async () => {
      const stored = (await this.area.get(key))[key] as MeetRoom | undefined;
      if (stored) return stored;
      const room = await make();
      await this.area.set({ [key]: room });
      return room;
    })().finally(() => this.inFlight.delete(operationKey));
    this.inFlight.set(operationKey, attempt);
    return attempt;
  }
}
