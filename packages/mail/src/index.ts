/**
 * @stack/mail: Django's django.core.mail: sendMail, EmailMessage and backends (SMTP through nodemailer, console, file, locmem, dummy).
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {};
