import { getUserModel } from '@stack/contrib-auth';
import { authUrls, configure, liveServer, TemplateView, type LiveServer } from '@stack/core';
import { BadHeaderError, sendMail } from '@stack/mail';
import { HttpResponse, HttpResponseRedirect } from '@stack/request';
import { include, path as route } from '@stack/urls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browser, csrfTokenOf } from './support/browser.js';
import { authProjectSettings, migrate, projectFolder, removeProject } from './support/project.js';
import { smtpServer } from './support/smtp.js';

// Issue 19's "done when", for e-mail: a view sends mail from its form handling the Django way
// (sendMail in formValid), a password-reset e-mail is received by a real SMTP server through
// the real handler over a real socket, and a 500 is mailed to the admins the same way.

const dir = projectFolder('stack-mail-project-', {
  'templates/contact.html':
    '<form method="post">{% csrf_token %}{% for error in errors %}<p class="error">{{ error }}</p>' +
    '{% endfor %}<input name="subject" value="{{ data.subject }}"></form>',
});

type ContactData = { subject: string; message: string; sender: string; ccMyself: boolean };

/** Django's contact-form example: a form view whose formValid() sends the mail. */
class ContactView extends TemplateView {
  override templateName = 'contact.html';
  successUrl = '/contact/thanks/';

  async post(request: any): Promise<HttpResponse> {
    const data: ContactData = {
      subject: request.POST.get('subject') ?? '',
      message: request.POST.get('message') ?? '',
      sender: request.POST.get('sender') ?? '',
      ccMyself: request.POST.get('cc_myself') === 'on',
    };
    const errors = ['subject', 'message', 'sender']
      .filter((field) => !data[field as keyof ContactData])
      .map((field) => `${field}: This field is required.`);
    if (errors.length > 0) return this.formInvalid(data, errors);
    return this.formValid(data);
  }

  async formValid(data: ContactData): Promise<HttpResponse> {
    const recipients = ['info@example.com', ...(data.ccMyself ? [data.sender] : [])];
    try {
      await sendMail(data.subject, data.message, data.sender, recipients);
    } catch (error) {
      if (error instanceof BadHeaderError)
        return new HttpResponse('Invalid header found.', { status: 400 });
      throw error;
    }
    return new HttpResponseRedirect(this.successUrl);
  }

  async formInvalid(data: ContactData, errors: string[]): Promise<HttpResponse> {
    return this.renderToResponse(await this.getContextData({ data, errors })) as HttpResponse;
  }
}

async function boom(): Promise<HttpResponse> {
  throw new Error('The basket table is missing');
}

const urlpatterns = [
  route('contact/', ContactView.asView()),
  route('contact/thanks/', () => new HttpResponse('Thanks!')),
  route('boom/', boom),
  route('accounts/', include(authUrls())),
];

let smtp: Awaited<ReturnType<typeof smtpServer>>;
let server: LiveServer;

beforeAll(async () => {
  smtp = await smtpServer();
  configure(
    authProjectSettings('mail-project', dir, {
      allowedHosts: ['127.0.0.1'],
      rootUrlconf: urlpatterns,
      emailBackend: 'smtp',
      emailHost: '127.0.0.1',
      emailPort: smtp.port,
      emailTimeout: 30,
      defaultFromEmail: 'Shop <shop@example.com>',
      serverEmail: 'errors@example.com',
      admins: [['Ops', 'ops@example.com']],
    }),
  );
  await migrate(dir);
  await getUserModel().objects.createUser('ann', 'ann@example.com', 'first-pass-phrase');
  server = await liveServer();
});

afterAll(async () => {
  await server?.close();
  await smtp?.close();
  await removeProject(dir);
});

describe('a project that sends e-mail over SMTP, through a real socket', () => {
  it('sends the mail of a valid contact form from formValid, and none for an invalid one', async () => {
    const go = browser(server.url);
    const token = csrfTokenOf((await go('/contact/')).text);
    // The SMTP server is the file's: count from what the other tests already sent through it.
    const before = smtp.received.length;
    const invalid = await go('/contact/', { csrfmiddlewaretoken: token, subject: 'Hello' });
    expect(invalid.status).toBe(200);
    expect(invalid.text).toContain('message: This field is required.');
    expect(smtp.received).toHaveLength(before);

    const valid = await go('/contact/', {
      csrfmiddlewaretoken: token,
      subject: 'Opening hours',
      message: 'Are you open on Sundays? Zażółć.',
      sender: 'Jörg <joerg@exämple.com>',
      cc_myself: 'on',
    });
    expect([valid.status, valid.location]).toEqual([302, '/contact/thanks/']);
    expect(smtp.received).toHaveLength(before + 1);
    const mail = smtp.received.at(-1);
    expect(mail!.from).toBe('joerg@exämple.com');
    expect(mail!.to).toEqual(['info@example.com', 'joerg@exämple.com']);
    expect(mail!.parsed.subject).toBe('Opening hours');
    expect(mail!.parsed.text).toBe('Are you open on Sundays? Zażółć.\n');
    expect(mail!.parsed.from?.value).toEqual([{ name: 'Jörg', address: 'joerg@exämple.com' }]);
  });

  it('answers 400 to a subject that would inject headers, and sends nothing', async () => {
    const go = browser(server.url);
    const token = csrfTokenOf((await go('/contact/')).text);
    const before = smtp.received.length;
    const hostile = await go('/contact/', {
      csrfmiddlewaretoken: token,
      subject: 'Hi\r\nBcc: victim@example.com',
      message: 'spam',
      sender: 'spammer@example.com',
    });
    expect([hostile.status, hostile.text]).toEqual([400, 'Invalid header found.']);
    expect(smtp.received).toHaveLength(before);
  });

  it('delivers the password-reset e-mail to the SMTP server, whose link resets the password', async () => {
    const go = browser(server.url);
    const form = await go('/accounts/password_reset/');
    const before = smtp.received.length;
    const posted = await go('/accounts/password_reset/', {
      csrfmiddlewaretoken: csrfTokenOf(form.text),
      email: 'ann@example.com',
    });
    expect([posted.status, posted.location]).toEqual([302, '/accounts/password_reset/done/']);
    expect(smtp.received).toHaveLength(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.from).toBe('shop@example.com');
    expect(mail.to).toEqual(['ann@example.com']);
    expect(mail.parsed.subject).toBe(`Password reset on 127.0.0.1:${server.port}`);
    const link = new RegExp(`${server.url}(/accounts/reset/[^\\s]+/)`).exec(
      mail.parsed.text ?? '',
    )?.[1];
    expect(link).toBeDefined();

    const confirm = await go(link!);
    expect(confirm.status).toBe(302);
    const page = await go(confirm.location);
    const done = await go(confirm.location, {
      csrfmiddlewaretoken: csrfTokenOf(page.text),
      newPassword1: 'second-pass-phrase',
      newPassword2: 'second-pass-phrase',
    });
    expect([done.status, done.location]).toEqual([302, '/accounts/reset/done/']);
    const login = await go('/accounts/login/');
    const loggedIn = await go('/accounts/login/', {
      csrfmiddlewaretoken: csrfTokenOf(login.text),
      username: 'ann',
      password: 'second-pass-phrase',
    });
    expect([loggedIn.status, loggedIn.location]).toEqual([302, '/accounts/profile/']);
  });

  it('mails the admins the report of a 500 through the SMTP server', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const before = smtp.received.length;
      const response = await browser(server.url)('/boom/?page=2');
      expect(response.status).toBe(500);
      expect(response.text).not.toContain('basket');
      expect(smtp.received).toHaveLength(before + 1);
      const mail = smtp.received.at(-1)!;
      expect(mail.from).toBe('errors@example.com');
      expect(mail.to).toEqual(['ops@example.com']);
      expect(mail.parsed.subject).toBe(
        '[Stack] ERROR (EXTERNAL IP): Internal Server Error: /boom/',
      );
      expect(mail.parsed.text).toContain('Error at /boom/\nThe basket table is missing');
      expect(mail.parsed.text).toContain(`Request URL: ${server.url}/boom/?page=2`);
      expect(mail.parsed.text).toContain('in boom');
    } finally {
      error.mockRestore();
    }
  });
});
