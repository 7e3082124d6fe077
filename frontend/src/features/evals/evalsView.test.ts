import { describe, expect, it } from 'vitest';
import { formatRunView, parseRunView, runPath, showScenario, toggleOpen, type RunView } from './evalsView';

const read = (search: string) => parseRunView(new URLSearchParams(search));

describe('a run of the evals in the URL', () => {
  const views: RunView[] = [
    { outcome: 'all', open: [] },
    { outcome: 'fail', open: [] },
    { outcome: 'pass', category: 'error-spike', tag: 'hard', open: [] },
    { outcome: 'all', tag: 'asks-feature', open: ['healthy-01', 'error-spike-02'] },
  ];

  it.each(views)('reads back what it wrote: %o', (view) => {
    expect(parseRunView(formatRunView(view))).toEqual(view);
  });

  it('lists every scenario when the URL says nothing, and writes nothing for that', () => {
    expect(read('')).toEqual({ outcome: 'all', open: [] });
    expect(formatRunView({ outcome: 'all', open: [] }).toString()).toBe('');
  });

  it('reads an unknown outcome as all, and ignores names the suite cannot have', () => {
    expect(read('outcome=maybe&category=../x&tag=%3Cb%3E&open=healthy-01&open=%3Cscript%3E')).toEqual({
      outcome: 'all',
      open: ['healthy-01'],
    });
  });

  it('opens a scenario once however often the URL names it', () => {
    expect(read('open=a-01&open=a-01').open).toEqual(['a-01']);
  });
});

describe('opening scenarios', () => {
  const view: RunView = { outcome: 'fail', category: 'counts', open: ['a-01'] };

  it('opens a closed scenario and closes an open one, the filters kept', () => {
    expect(toggleOpen(view, 'b-01')).toEqual({ ...view, open: ['a-01', 'b-01'] });
    expect(toggleOpen(view, 'a-01')).toEqual({ ...view, open: [] });
  });

  it('shows a regression from the baseline panel with the filters cleared, so it is listed', () => {
    expect(showScenario(view, 'c-01')).toEqual({ outcome: 'all', open: ['a-01', 'c-01'] });
    expect(showScenario(view, 'a-01')).toEqual({ outcome: 'all', open: ['a-01'] });
  });

  it('links a run under the workspace', () => {
    expect(runPath('acme', '0192f0c4-5a1e-7c3b-9d2e-1f2a3b4c5d6e')).toBe('/w/acme/evals/0192f0c4-5a1e-7c3b-9d2e-1f2a3b4c5d6e');
  });
});
