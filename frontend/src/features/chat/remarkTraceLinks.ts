import type { Nodes, Parent, Root, RootContent } from 'mdast';
import { isTraceId, splitTraceIds, traceHref } from './traceIds';

/**
 * A remark plugin: every trace id in the answer's text or inline code becomes a link
 * (`?trace=<id>`), which the answer draws as a trace link. Links and code blocks are left alone.
 */
export function remarkTraceLinks() {
  return (tree: Root) => {
    linkify(tree);
  };
}

function linkify(node: Nodes): void {
  if (!('children' in node) || node.type === 'link' || node.type === 'linkReference') {
    return;
  }
  const parent: Parent = node;
  const children: RootContent[] = [];
  for (const child of parent.children) {
    if (child.type === 'text') {
      for (const piece of splitTraceIds(child.value)) {
        children.push(
          typeof piece === 'string'
            ? { type: 'text', value: piece }
            : { type: 'link', url: traceHref(piece.traceId), children: [{ type: 'text', value: piece.traceId }] },
        );
      }
    } else if (child.type === 'inlineCode' && isTraceId(child.value)) {
      children.push({ type: 'link', url: traceHref(child.value.toLowerCase()), children: [child] });
    } else {
      linkify(child);
      children.push(child);
    }
  }
  parent.children = children;
}
