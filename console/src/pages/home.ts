/** Where each role starts. */
export function homeFor(roles: string[]): string {
  if (roles.includes('spoc')) return '/queue';
  if (roles.includes('reviewer')) return '/reviews';
  if (roles.includes('dpo') || roles.includes('admin')) return '/access-log';
  if (roles.includes('analyst')) return '/statistics';
  if (roles.includes('contributor')) return '/upload';
  return '/nothing-here';
}
