/**
 * @stack/contrib-messages: Django's django.contrib.messages: MessageMiddleware, cookie, session
 * and fallback storages, levels.
 *
 * Everything public is exported here by name; internals live under `src/internal/`. Import it
 * the way Django code reads: `import * as messages from '@stack/contrib-messages'`, then
 * `messages.error(request, '…')`.
 */
export { DEBUG, INFO, SUCCESS, WARNING, ERROR, DEFAULT_TAGS, DEFAULT_LEVELS } from './constants.js';
export { Message } from './message.js';
export type { MessageText } from './message.js';
export { MessageFailure } from './errors.js';
export {
  addMessage,
  getMessages,
  getLevel,
  setLevel,
  debug,
  info,
  success,
  warning,
  error,
} from './api.js';
export type { AddMessageOptions } from './api.js';
export { BaseStorage } from './storage/base.js';
export type { MessageRequest, StorageClass, StorageOptions, Retrieved } from './storage/base.js';
export { CookieStorage } from './storage/cookie.js';
export { SessionStorage } from './storage/session.js';
export { FallbackStorage } from './storage/fallback.js';
export { MessageMiddleware } from './middleware.js';
export { MESSAGE_DEFAULTS } from './settings.js';
export type { MessageSettings } from './settings.js';
export { messagesContextProcessor } from './context-processor.js';
export { SuccessMessageMixin } from './views.js';
export type { FormValidView } from './views.js';
