import { useLayoutEffect, useRef } from 'react';

/**
 * Keeps a scrolled box at its bottom as content streams in, unless the person scrolled up to
 * read: it follows only when the box was at (or near) its bottom before the change.
 */
export function useStickToBottom(content: unknown) {
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const element = box.current;
    if (element === null) {
      return;
    }
    const follow = () => {
      atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
    };
    element.addEventListener('scroll', follow);
    return () => element.removeEventListener('scroll', follow);
  }, []);
  useLayoutEffect(() => {
    const element = box.current;
    if (element !== null && atBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [content]);
  return box;
}
