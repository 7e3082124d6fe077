import { describe, expect, it } from 'vitest';
import { type ChatPlace, formatChatUrl, parseChatUrl, withTrace } from './chatUrl';

describe('the chat page URL', () => {
  const places: ChatPlace[] = [
    { workspace: 'acme', project: 'shop' },
    { workspace: 'acme', project: 'shop', session: '35a7de2a-99e0-407f-9d82-a9f9f02e5366' },
    { workspace: 'acme', project: 'shop', session: '35a7de2a-99e0-407f-9d82-a9f9f02e5366', trace: '4eec9dc55b1f95eaca5501298b22c317' },
    { workspace: 'a b', project: 'x/y', trace: '0df1c3588c59bbcb6e14e7e4de7350b9' },
  ];

  it.each(places)('reads back what it wrote: %o', (place) => {
    expect(parseChatUrl(formatChatUrl(place))).toEqual(place);
  });

  it('puts the session in the path and the trace in the search', () => {
    expect(formatChatUrl({ workspace: 'acme', project: 'shop', session: 's1', trace: '4eec9dc55b1f95eaca5501298b22c317' }))
      .toBe('/w/acme/p/shop/chat/s1?trace=4eec9dc55b1f95eaca5501298b22c317');
  });

  it('opens no trace for a malformed id', () => {
    expect(parseChatUrl('/w/acme/p/shop/chat?trace=nope')).toEqual({ workspace: 'acme', project: 'shop' });
  });

  it('is not the chat page elsewhere', () => {
    expect(parseChatUrl('/w/acme/p/shop/logs')).toBeUndefined();
  });

  it('opens and closes the trace keeping the other search params', () => {
    const opened = withTrace(new URLSearchParams('x=1'), '4eec9dc55b1f95eaca5501298b22c317');
    expect(opened.toString()).toBe('x=1&trace=4eec9dc55b1f95eaca5501298b22c317');
    expect(withTrace(opened, undefined).toString()).toBe('x=1');
  });
});
