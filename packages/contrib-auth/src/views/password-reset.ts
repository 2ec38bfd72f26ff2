import { getSession } from '@stack/contrib-sessions';
import { EmailMultiAlternatives } from '@stack/mail';
import { urlsafeBase64Decode, urlsafeBase64Encode } from '@stack/utils';
import {
  HttpResponse,
  HttpResponseRedirect,
  type HttpRequest,
  type HttpResponseBase,
} from '@stack/request';
import { login } from '../auth.js';
import { isPasswordUsable } from '../hashers.js';
import { getUserModel } from '../models/user-model.js';
import { defaultTokenGenerator, type PasswordResetTokenGenerator } from '../tokens.js';
import { formContext, postData, type AuthViewHelpers } from './helpers.js';
import { checkNewPassword } from './password-change.js';

/**
 * Django's session key holding the reset token between the e-mailed link and the form.
 *
 * @example
 * ```ts
 * await getSession(request).has(INTERNAL_RESET_SESSION_TOKEN);
 * ```
 */
export const INTERNAL_RESET_SESSION_TOKEN = '_password_reset_token';
const RESET_URL_TOKEN = 'set-password';

/**
 * Django's `urlsafe_base64_encode` of a primary key.
 *
 * @example
 * ```ts
 * uidEncode(42); // 'NDI'
 * ```
 */
export function uidEncode(pk: unknown): string {
  return urlsafeBase64Encode(String(pk));
}

/**
 * Django's `urlsafe_base64_decode`, or null for garbage.
 *
 * @example
 * ```ts
 * uidDecode('NDI'); // '42'
 * ```
 */
export function uidDecode(uidb64: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(uidb64)) return null;
  try {
    return urlsafeBase64Decode(uidb64).toString('utf8');
  } catch {
    return null;
  }
}

type ResetUser = {
  pk: unknown;
  email?: string | null;
  isActive?: boolean | null;
  password: string | null;
  getEmailFieldName?(): string;
  setPassword(raw: string): Promise<void>;
  save(options?: object): Promise<void>;
};

/** Options of `passwordResetView`. */
export interface PasswordResetViewOptions {
  helpers: AuthViewHelpers;
  templateName?: string;
  emailTemplateName?: string;
  subjectTemplateName?: string;
  htmlEmailTemplateName?: string;
  fromEmail?: string;
  tokenGenerator?: PasswordResetTokenGenerator;
  /** Default `reverse('password_reset_done')`. */
  successUrl?: string;
  /** Shown in the e-mail; default the request's host. */
  domainOverride?: string;
  extraEmailContext?: Record<string, unknown>;
}

/**
 * Django's `PasswordResetView`: on POST, e-mails a one-time link to every active user with that
 * address and a usable password, then redirects whether or not anyone matched (so the form does
 * not reveal who has an account).
 *
 * @example
 * ```ts
 * path('accounts/password_reset/', passwordResetView({ helpers }), { name: 'password_reset' });
 * ```
 */
export function passwordResetView(options: PasswordResetViewOptions) {
  const { helpers } = options;
  const templateName = options.templateName ?? 'registration/password_reset_form.html';
  const tokens = options.tokenGenerator ?? defaultTokenGenerator;
  return async (request: HttpRequest): Promise<HttpResponseBase> => {
    const render = async (form: ReturnType<typeof formContext>) =>
      new HttpResponse(
        await helpers.renderToString(templateName, { form, title: 'Password reset' }, request),
      );
    if (request.method !== 'POST') return render(formContext());
    const { email = '' } = await postData(request, ['email']);
    if (!email || email.length > 254 || !/^[^\s@]+@[^\s@]+$/u.test(email)) {
      return render(formContext({ email }, { email: ['Enter a valid email address.'] }, true));
    }
    const domain = options.domainOverride ?? request.getHost();
    for (const user of await usersWithEmail(email)) {
      const context = {
        ...options.extraEmailContext,
        email,
        domain,
        // Django's name, so a template written for Django renders unchanged.
        site_name: domain,
        siteName: domain,
        uid: uidEncode(user.pk),
        user,
        token: tokens.makeToken(user as never),
        protocol: request.isSecure() ? 'https' : 'http',
      };
      const subject = (
        await helpers.renderToString(
          options.subjectTemplateName ?? 'registration/password_reset_subject.txt',
          context,
        )
      )
        // Python's str.splitlines(): a line break of any kind would be a header injection.
        // eslint-disable-next-line no-control-regex -- the separators splitlines() knows
        .split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/)
        .join('');
      const body = await helpers.renderToString(
        options.emailTemplateName ?? 'registration/password_reset_email.html',
        context,
      );
      const html = options.htmlEmailTemplateName
        ? await helpers.renderToString(options.htmlEmailTemplateName, context)
        : undefined;
      const to = String(
        (user as Record<string, unknown>)[user.getEmailFieldName?.() ?? 'email'] ?? '',
      );
      // Django's PasswordResetForm.send_mail: the text body, the HTML one as an alternative.
      const message = new EmailMultiAlternatives({
        subject,
        body,
        fromEmail: options.fromEmail ?? null,
        to: [to],
      });
      if (html !== undefined) message.attachAlternative(html, 'text/html');
      await message.send();
    }
    return new HttpResponseRedirect(options.successUrl ?? helpers.reverse('password_reset_done'));
  };
}

/** Django's `PasswordResetForm.get_users`: active users with the e-mail and a usable password. */
async function usersWithEmail(email: string): Promise<ResetUser[]> {
  const UserModel = getUserModel();
  const field = (UserModel as unknown as { EMAIL_FIELD?: string }).EMAIL_FIELD ?? 'email';
  const candidates = (await UserModel.objects.filter({
    [`${field}__iexact`]: email,
    isActive: true,
  } as never)) as unknown as ResetUser[];
  const wanted = email.normalize('NFKC').toLowerCase();
  return candidates.filter(
    (user) =>
      isPasswordUsable(user.password) &&
      String((user as Record<string, unknown>)[field] ?? '')
        .normalize('NFKC')
        .toLowerCase() === wanted,
  );
}

/** Options of `passwordResetConfirmView`. */
export interface PasswordResetConfirmViewOptions {
  helpers: AuthViewHelpers;
  templateName?: string;
  tokenGenerator?: PasswordResetTokenGenerator;
  /** Log the user in after the reset (Django's `post_reset_login`). */
  postResetLogin?: boolean;
  /** Default `reverse('password_reset_complete')`. */
  successUrl?: string;
}

async function userFromUid(uidb64: string): Promise<ResetUser | null> {
  const uid = uidDecode(uidb64);
  if (uid === null) return null;
  try {
    return ((await getUserModel()
      .objects.filter({ pk: uid } as never)
      .first()) ?? null) as unknown as ResetUser | null;
  } catch {
    return null;
  }
}

/**
 * Django's `PasswordResetConfirmView` for `<uidb64>/<token>/`: a valid link moves the token into
 * the session and redirects to `<uidb64>/set-password/` (so the token never leaks through the
 * Referer header), which shows and handles the new-password form.
 *
 * @example
 * ```ts
 * path('reset/<uidb64>/<token>/', passwordResetConfirmView({ helpers }), { name: 'password_reset_confirm' });
 * ```
 */
export function passwordResetConfirmView(options: PasswordResetConfirmViewOptions) {
  const { helpers } = options;
  const templateName = options.templateName ?? 'registration/password_reset_confirm.html';
  const tokens = options.tokenGenerator ?? defaultTokenGenerator;
  return async (request: HttpRequest, ...rest: unknown[]): Promise<HttpResponseBase> => {
    const kwargs = (rest.at(-1) ?? {}) as { uidb64?: string; token?: string };
    const render = async (validlink: boolean, form = formContext()) =>
      new HttpResponse(
        await helpers.renderToString(
          templateName,
          {
            validlink,
            form,
            title: validlink ? 'Enter new password' : 'Password reset unsuccessful',
          },
          request,
        ),
      );
    const user = await userFromUid(String(kwargs.uidb64 ?? ''));
    const token = String(kwargs.token ?? '');
    if (!user) return render(false);
    const session = getSession(request);
    if (token !== RESET_URL_TOKEN) {
      if (!tokens.checkToken(user as never, token)) return render(false);
      await session.set(INTERNAL_RESET_SESSION_TOKEN, token);
      return new HttpResponseRedirect(request.path.replace(token, RESET_URL_TOKEN));
    }
    if (
      !tokens.checkToken(
        user as never,
        (await session.get<string>(INTERNAL_RESET_SESSION_TOKEN)) ?? null,
      )
    )
      return render(false);
    if (request.method !== 'POST') return render(true);
    const data = await postData(request, ['newPassword1', 'newPassword2']);
    const errors = await checkNewPassword(user, data);
    if (Object.keys(errors).length > 0) return render(true, formContext(data, errors, true));
    await user.setPassword(data.newPassword1!);
    await user.save();
    await session.delete(INTERNAL_RESET_SESSION_TOKEN);
    if (options.postResetLogin) await login(request, user as never);
    return new HttpResponseRedirect(
      options.successUrl ?? helpers.reverse('password_reset_complete'),
    );
  };
}

/**
 * A view that renders one template: `passwordResetDoneView`, `passwordResetCompleteView`.
 *
 * @example
 * ```ts
 * path('accounts/password_reset/done/', templateView(helpers, 'registration/password_reset_done.html'));
 * ```
 */
export function templateView(
  helpers: AuthViewHelpers,
  templateName: string,
  context: Record<string, unknown> | (() => Record<string, unknown>) = {},
) {
  return async (request: HttpRequest): Promise<HttpResponseBase> => {
    const values = typeof context === 'function' ? context() : context;
    return new HttpResponse(await helpers.renderToString(templateName, values, request));
  };
}

/**
 * Django's `PasswordResetDoneView`.
 *
 * @example
 * ```ts
 * path('accounts/password_reset/done/', passwordResetDoneView({ helpers }), { name: 'password_reset_done' });
 * ```
 */
export function passwordResetDoneView(options: {
  helpers: AuthViewHelpers;
  templateName?: string;
}) {
  return templateView(
    options.helpers,
    options.templateName ?? 'registration/password_reset_done.html',
    {
      title: 'Password reset sent',
    },
  );
}

/**
 * Django's `PasswordResetCompleteView`, with a `loginUrl` for the "log in" link.
 *
 * @example
 * ```ts
 * path('reset/done/', passwordResetCompleteView({ helpers }), { name: 'password_reset_complete' });
 * ```
 */
export function passwordResetCompleteView(options: {
  helpers: AuthViewHelpers;
  templateName?: string;
  loginUrl?: string;
}) {
  return templateView(
    options.helpers,
    options.templateName ?? 'registration/password_reset_complete.html',
    () => ({
      title: 'Password reset complete',
      loginUrl: options.loginUrl ?? options.helpers.reverse('login'),
    }),
  );
}
