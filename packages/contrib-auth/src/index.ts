/**
 * @stack/contrib-auth: Users, groups, permissions, password hashing, login and logout.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {
  checkPassword,
  configurePasswordHashers,
  getHasher,
  getHashers,
  identifyHasher,
  isPasswordUsable,
  makePassword,
  verifyPassword,
  UNUSABLE_PASSWORD_PREFIX,
} from './hashers.js';
export { BasePasswordHasher } from './internal/hashers/base.js';
export type { PasswordHasher, DecodedHash } from './internal/hashers/base.js';
export { PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher } from './internal/hashers/pbkdf2.js';
export { ScryptPasswordHasher } from './internal/hashers/scrypt.js';
export { Argon2PasswordHasher } from './internal/hashers/argon2.js';
export { BCryptPasswordHasher, BCryptSHA256PasswordHasher } from './internal/hashers/bcrypt.js';
export {
  CryptPasswordHasher,
  MD5PasswordHasher,
  SHA1PasswordHasher,
  UnsaltedMD5PasswordHasher,
  UnsaltedSHA1PasswordHasher,
} from './internal/hashers/legacy.js';
export {
  CommonPasswordValidator,
  MinimumLengthValidator,
  NumericPasswordValidator,
  UserAttributeSimilarityValidator,
  configurePasswordValidators,
  getDefaultPasswordValidators,
  passwordChanged,
  passwordValidatorsHelpTextHtml,
  passwordValidatorsHelpTexts,
  validatePassword,
} from './validators.js';
export type { PasswordUser, PasswordValidator } from './validators.js';
export { PasswordResetTokenGenerator, defaultTokenGenerator } from './tokens.js';
export type { TokenUser } from './tokens.js';
export { configureAuth, getAuthSettings } from './settings.js';
export type { AuthSettings } from './settings.js';
export { AnonymousUser } from './anonymous-user.js';
export {
  BaseBackend,
  backendName,
  configureAuthenticationBackends,
  getBackends,
  userGetPermissions,
  userHasModulePerms,
  userHasPerm,
} from './backends.js';
export type { AuthenticationBackend } from './backends.js';
export {
  BACKEND_SESSION_KEY,
  HASH_SESSION_KEY,
  SESSION_KEY,
  authenticate,
  getUser,
  login,
  logout,
  updateSessionAuthHash,
} from './auth.js';
export type { AuthRequest } from './auth.js';
export { sessionAuthHash, sessionAuthFallbackHashes } from './session-auth-hash.js';
export { AuthenticationMiddleware, LazyUser, auser } from './middleware.js';
export { authContextProcessor } from './context-processors.js';
export {
  loginRequired,
  permissionRequired,
  redirectToLogin,
  userPassesTest,
} from './decorators.js';
export type { AccessOptions, DecoratedRequest, UrlLike, ViewFunction } from './decorators.js';
export { LoginRequiredMixin, PermissionRequiredMixin } from './mixins.js';
export type { AccessMixinOptions, Dispatcher } from './mixins.js';
export { updateLastLogin, userLoggedIn, userLoggedOut, userLoginFailed } from './signals.js';
export { ImproperlyConfigured, PasswordValidationError } from './errors.js';
export type { PasswordProblem } from './errors.js';
export type { AuthUser, Credentials } from './types.js';
export {
  User,
  UserManager,
  UserMixin,
  abstractUserFields,
  normalizeEmail,
  validateUsername,
} from './models/user.js';
export type { UserClass, UserFieldValues, UserMethods, UserStatics } from './models/user.js';
export { Group, GroupManager } from './models/group.js';
export { Permission, PermissionManager } from './models/permission.js';
export { getUserModel } from './models/user-model.js';
export type { UserModelClass } from './models/user-model.js';
export { AllowAllUsersModelBackend, ModelBackend } from './model-backend.js';
export { DEFAULT_PERMISSIONS, createPermissions } from './create-permissions.js';
export { loginView, logoutView } from './views/login.js';
export type { LoginViewOptions, LogoutViewOptions } from './views/login.js';
export { passwordChangeDoneView, passwordChangeView } from './views/password-change.js';
export type { PasswordChangeViewOptions } from './views/password-change.js';
export {
  INTERNAL_RESET_SESSION_TOKEN,
  passwordResetCompleteView,
  passwordResetConfirmView,
  passwordResetDoneView,
  passwordResetView,
  uidDecode,
  uidEncode,
} from './views/password-reset.js';
export type {
  PasswordResetConfirmViewOptions,
  PasswordResetViewOptions,
} from './views/password-reset.js';
export type { AuthViewHelpers, FormContext } from './views/helpers.js';
export { authTemplatesDir } from './templates-dir.js';
export { changepassword, createsuperuser } from './commands.js';
export type { ChangepasswordOptions, CommandIO, CreatesuperuserOptions } from './commands.js';
