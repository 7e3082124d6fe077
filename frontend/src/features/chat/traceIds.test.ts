import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { remarkTraceLinks } from './remarkTraceLinks';
import { splitTraceIds, traceIdOfHref } from './traceIds';

const id = '4eec9dc55b1f95eaca5501298b22c317';

describe('trace ids in text', () => {
  it('finds each 32-hex id, and nothing inside a longer word or in a span id', () => {
    expect(splitTraceIds(`Trace ${id}: slow, span a6e570f54b72a0b6, x${id}0`)).toEqual(['Trace ', { traceId: id }, `: slow, span a6e570f54b72a0b6, x${id}0`]);
  });

  it('lower-cases an upper-case id', () => {
    expect(splitTraceIds(id.toUpperCase())).toEqual([{ traceId: id }]);
  });

  it('reads the id back from the link it makes, and only that', () => {
    expect(traceIdOfHref(`?trace=${id}`)).toBe(id);
    expect(traceIdOfHref('https://example.com')).toBeUndefined();
  });
});

describe('the markdown plugin', () => {
  it('links ids in text and in inline code, and leaves existing links alone', () => {
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [
            { type: 'text', value: `Trace ${id} and ` },
            { type: 'inlineCode', value: id },
            { type: 'link', url: 'https://x', children: [{ type: 'text', value: id }] },
          ],
        },
      ],
    };
    remarkTraceLinks()(tree);
    const paragraph = tree.children[0];
    expect(paragraph?.type === 'paragraph' && paragraph.children).toEqual([
      { type: 'text', value: 'Trace ' },
      { type: 'link', url: `?trace=${id}`, children: [{ type: 'text', value: id }] },
      { type: 'text', value: ' and ' },
      { type: 'link', url: `?trace=${id}`, children: [{ type: 'inlineCode', value: id }] },
      { type: 'link', url: 'https://x', children: [{ type: 'text', value: id }] },
    ]);
  });
});
