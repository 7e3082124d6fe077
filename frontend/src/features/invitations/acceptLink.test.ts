import { describe, expect, it } from 'vitest';
import { acceptLink, tokenOf } from './acceptLink';

describe('the invitation link', () => {
  it('carries the token, encoded, to the accept page of this service', () => {
    const link = acceptLink('https://th.example.com', 'thi_a+b/c=');
    expect(link).toBe('https://th.example.com/accept?token=thi_a%2Bb%2Fc%3D');
    expect(tokenOf(link)).toBe('thi_a+b/c=');
  });

  it('takes a pasted token as it is, trimmed, and a link without a token as none', () => {
    expect(tokenOf('  thi_abc \n')).toBe('thi_abc');
    expect(tokenOf('https://th.example.com/accept')).toBe('');
    expect(tokenOf('')).toBe('');
  });
});
