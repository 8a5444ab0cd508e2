/** The server's password rules (src/domain/users/service.ts), checked here before anything is sent. */
export const MIN_PASSWORD_LENGTH = 4;
export const MAX_PASSWORD_LENGTH = 128;
