/** Who must forget what they built from a setting when a test overrides it (Django's `setting_changed`). */
const listeners = new Set<(keys: readonly string[]) => void | Promise<void>>();

/** Registers a cache reset, run whenever `overrideSettings` changes or restores settings. */
export function onSettingChanged(
  listener: (keys: readonly string[]) => void | Promise<void>,
): void {
  listeners.add(listener);
}

/** Runs every registered reset for these keys. */
export async function settingChanged(keys: readonly string[]): Promise<void> {
  for (const listener of listeners) await listener(keys);
}
