/** The page an invited person opens to join: `/accept?token=…`, outside any workspace. */
export const ACCEPT_PATH = '/accept';

/** The link an admin sends: this service's accept page with the invitation's token. */
export function acceptLink(origin: string, token: string): string {
  return `${origin}${ACCEPT_PATH}?token=${encodeURIComponent(token)}`;
}

/** The token of an accept page's URL, or of a pasted link or token; blank when there is none. */
export function tokenOf(text: string): string {
  const trimmed = text.trim();
  try {
    const url = new URL(trimmed);
    return url.searchParams.get('token')?.trim() ?? '';
  } catch {
    return trimmed;
  }
}
