import { userInfo } from 'node:os';
import { CommandError, PasswordValidationError } from './errors.js';
import { terminalPrompt, type Prompt } from './internal/prompt.js';
import { getUserModel, type UserModelClass } from './models/user-model.js';
import { validatePassword } from './validators.js';

/** What the auth commands read and write; `@stack/core` passes the process's, tests their own. */
export interface CommandIO {
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
  /** Asks a question; default the terminal. */
  prompt?: Prompt;
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Options of `createsuperuser`, its command-line flags. */
export interface CreatesuperuserOptions extends CommandIO {
  username?: string;
  email?: string;
  /** `--noinput`: take everything from options and `STACK_SUPERUSER_*` variables. */
  noinput?: boolean;
  /** `--database`. */
  database?: string;
}

// A sink's write() may return nothing (core's command output does): choose the sink, not a value.
function writers(options: CommandIO) {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  return {
    out: (text: string) => void stdout.write(text),
    err: (text: string) => void stderr.write(text),
  };
}

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[`STACK_SUPERUSER_${name}`] ?? env[`DJANGO_SUPERUSER_${name}`];
}

async function usernameTaken(
  UserModel: UserModelClass,
  username: string,
  database: string,
): Promise<boolean> {
  return UserModel.objects
    .using(database)
    .filter({ [UserModel.USERNAME_FIELD]: username } as never)
    .exists();
}

function defaultUsername(): string {
  try {
    return userInfo()
      .username.normalize('NFKD')
      .replace(/[^\w.@+-]/g, '')
      .toLowerCase();
  } catch {
    return '';
  }
}

async function askPassword(
  prompt: Prompt,
  err: (text: string) => void,
  user: object,
): Promise<string> {
  for (;;) {
    const password = await prompt('Password: ', { hidden: true });
    const again = await prompt('Password (again): ', { hidden: true });
    if (password !== again) {
      err("Error: Your passwords didn't match.\n");
      continue;
    }
    if (password.trim() === '') {
      err("Error: Blank passwords aren't allowed.\n");
      continue;
    }
    try {
      await validatePassword(password, user);
    } catch (error) {
      if (!(error instanceof PasswordValidationError)) throw error;
      err(`${error.messages.join('\n')}\n`);
      const bypass = await prompt('Bypass password validation and create user anyway? [y/N]: ');
      if (!/^y/i.test(bypass)) continue;
    }
    return password;
  }
}

async function askUsername(
  prompt: Prompt,
  err: (text: string) => void,
  UserModel: UserModelClass,
  database: string,
): Promise<string> {
  const fallback = defaultUsername();
  const usable = fallback && !(await usernameTaken(UserModel, fallback, database)) ? fallback : '';
  for (;;) {
    const answer = (
      await prompt(usable ? `Username (leave blank to use '${usable}'): ` : 'Username: ')
    ).trim();
    const username = answer || usable;
    if (!username) {
      err('Error: This field cannot be blank.\n');
      continue;
    }
    if (await usernameTaken(UserModel, username, database)) {
      err('Error: That username is already taken.\n');
      continue;
    }
    return username;
  }
}

/**
 * Django's `createsuperuser`: asks for a username, e-mail and password (twice, validated), or
 * with `noinput` takes them from the options and `STACK_SUPERUSER_USERNAME`/`_EMAIL`/`_PASSWORD`
 * (Django's `DJANGO_SUPERUSER_*` names work too); without a password the user gets an unusable one.
 *
 * @example
 * ```ts
 * await createsuperuser({ noinput: true, username: 'admin', email: 'admin@example.com' });
 * ```
 */
export async function createsuperuser(options: CreatesuperuserOptions = {}): Promise<unknown> {
  const UserModel = getUserModel();
  const database = options.database ?? 'default';
  const env = options.env ?? process.env;
  const { out, err } = writers(options);
  let username = options.username ?? (options.noinput ? envValue(env, 'USERNAME') : undefined);
  let email = options.email ?? envValue(env, 'EMAIL') ?? '';
  let password: string | null = null;
  if (options.noinput) {
    if (!username)
      throw new CommandError(`You must use --${UserModel.USERNAME_FIELD} with --noinput.`);
    if (await usernameTaken(UserModel, username, database))
      throw new CommandError('Error: That username is already taken.');
    password = envValue(env, 'PASSWORD') ?? null;
  } else {
    const prompt = options.prompt ?? terminalPrompt;
    if (username && (await usernameTaken(UserModel, username, database))) {
      err('Error: That username is already taken.\n');
      username = undefined;
    }
    username ??= await askUsername(prompt, err, UserModel, database);
    if (options.email === undefined) email = (await prompt('Email address: ')).trim();
    password = await askPassword(prompt, err, { username, email });
  }
  const user = await UserModel.objects
    .dbManager(database)
    .createSuperuser(username, email, password);
  out('Superuser created successfully.\n');
  return user;
}

/** Options of `changepassword`. */
export interface ChangepasswordOptions extends CommandIO {
  /** Default the operating-system user's name. */
  username?: string;
  database?: string;
}

/**
 * Django's `changepassword`: asks for the new password twice, up to three times, validating it.
 *
 * @example
 * ```ts
 * await changepassword({ username: 'admin' });
 * ```
 */
export async function changepassword(options: ChangepasswordOptions = {}): Promise<void> {
  const UserModel = getUserModel();
  const database = options.database ?? 'default';
  const username = options.username ?? defaultUsername();
  const { out, err } = writers(options);
  const prompt = options.prompt ?? terminalPrompt;
  const user = await UserModel.objects
    .using(database)
    .filter({ [UserModel.USERNAME_FIELD]: username } as never)
    .first();
  if (!user) throw new CommandError(`user '${username}' does not exist`);
  out(`Changing password for user '${username}'\n`);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const password = await prompt('Password: ', { hidden: true });
    const again = await prompt('Password (again): ', { hidden: true });
    if (password !== again) {
      err('Passwords do not match. Please try again.\n');
      continue;
    }
    try {
      await validatePassword(password, user);
    } catch (error) {
      if (!(error instanceof PasswordValidationError)) throw error;
      err(`${error.messages.join('\n')}\n`);
      continue;
    }
    await user.setPassword(password);
    await user.save({ using: database });
    out(`Password changed successfully for user '${username}'\n`);
    return;
  }
  throw new CommandError(`Aborting password change for user '${username}' after 3 attempts`);
}
