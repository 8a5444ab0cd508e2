/** Where to go after logging in: only a path of this console, never another site ("//evil.example"). */
export function safeNextPath(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/welcome';
  if (next === '/login' || next.startsWith('/login?')) return '/welcome';
  return next;
}

/** The login page's address that brings the user back to `path` afterwards. */
export function loginPathFor(path: string, reason?: 'expired'): string {
  const params = new URLSearchParams();
  if (path !== '/' && path !== '/welcome') params.set('next', path);
  if (reason) params.set('reason', reason);
  const search = params.toString();
  return search ? `/login?${search}` : '/login';
}
