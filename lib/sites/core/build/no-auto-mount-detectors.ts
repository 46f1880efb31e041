/** See no-auto-mount.ts: the detectors WXT's `autoMount` would pass to `waitElement`. */
export const isExist = (): boolean => false;
export const isNotExist = (): boolean => false;
