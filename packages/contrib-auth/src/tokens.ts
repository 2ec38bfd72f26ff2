import { base36ToInt, constantTimeCompare, intToBase36, saltedHmac } from '@stack/utils';
import { getAuthSettings } from './settings.js';

/** What the token generator reads from a user. */
export interface TokenUser {
  pk: unknown;
  password: string | null;
  lastLogin?: Date | null;
  email?: string | null;
  getEmailFieldName?(): string;
}

const EPOCH_2001 = Date.UTC(2001, 0, 1);

/** Python's `str(datetime)` of a datetime with microseconds and time zone dropped, in UTC. */
function pythonDatetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Django's `PasswordResetTokenGenerator`: `<base36 timestamp>-<hmac>` tokens that become invalid
 * as soon as the password changes or the user logs in, and after `passwordResetTimeout` seconds.
 * Tokens made by Django with the same secret check here, and the other way round.
 *
 * @example
 * ```ts
 * const generator = new PasswordResetTokenGenerator({ secret: 'k' });
 * const token = generator.makeToken(user);
 * generator.checkToken(user, token); // true
 * ```
 */
export class PasswordResetTokenGenerator {
  readonly keySalt: string = 'django.contrib.auth.tokens.PasswordResetTokenGenerator';
  readonly algorithm: string = 'sha256';
  private readonly options: {
    secret?: string;
    secretFallbacks?: readonly string[];
    timeout?: number;
    now?: () => number;
  };

  constructor(
    options: {
      secret?: string;
      secretFallbacks?: readonly string[];
      timeout?: number;
      now?: () => number;
    } = {},
  ) {
    this.options = options;
  }

  get secret(): string {
    const secret = this.options.secret ?? getAuthSettings().secretKey;
    if (!secret)
      throw new TypeError('The password reset token generator needs a secretKey (configureAuth).');
    return secret;
  }

  get secretFallbacks(): readonly string[] {
    return this.options.secretFallbacks ?? getAuthSettings().secretKeyFallbacks;
  }

  makeToken(user: TokenUser): string {
    return this.makeTokenWithTimestamp(user, this.numSeconds(), this.secret);
  }

  checkToken(user: TokenUser | null | undefined, token: string | null | undefined): boolean {
    if (!user || !token || typeof token !== 'string' || token.length > 100) return false;
    const parts = token.split('-');
    if (parts.length !== 2 || !/^[0-9a-z]{1,13}$/.test(parts[0]!)) return false;
    let timestamp: number;
    try {
      timestamp = base36ToInt(parts[0]!);
    } catch {
      return false;
    }
    const secrets = [this.secret, ...this.secretFallbacks];
    const matched = secrets.some((secret) =>
      constantTimeCompare(this.makeTokenWithTimestamp(user, timestamp, secret), token),
    );
    if (!matched) return false;
    const timeout = this.options.timeout ?? getAuthSettings().passwordResetTimeout;
    return this.numSeconds() - timestamp <= timeout;
  }

  /** What the HMAC covers; override to invalidate tokens on other changes (Django's hook). */
  protected makeHashValue(user: TokenUser, timestamp: number): string {
    const login = user.lastLogin ? pythonDatetime(user.lastLogin) : '';
    const emailField = user.getEmailFieldName?.() ?? 'email';
    const email = (user as unknown as Record<string, unknown>)[emailField] ?? '';
    return `${String(user.pk)}${user.password ?? ''}${login}${timestamp}${String(email || '')}`;
  }

  private makeTokenWithTimestamp(user: TokenUser, timestamp: number, secret: string): string {
    const value = this.makeHashValue(user, timestamp);
    const digest = saltedHmac(this.keySalt, value, secret, this.algorithm).toString('hex');
    let every = '';
    for (let i = 0; i < digest.length; i += 2) every += digest[i];
    return `${intToBase36(timestamp)}-${every}`;
  }

  private numSeconds(): number {
    const now = this.options.now?.() ?? Date.now();
    return Math.floor((now - EPOCH_2001) / 1000);
  }
}

/**
 * The shared generator, reading `secretKey` and `passwordResetTimeout` from `configureAuth`.
 *
 * @example
 * ```ts
 * const token = defaultTokenGenerator.makeToken(user);
 * ```
 */
export const defaultTokenGenerator = new PasswordResetTokenGenerator();
