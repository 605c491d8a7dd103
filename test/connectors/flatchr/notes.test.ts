/**
 * Notes on Flatchr are comments rendered as HTML: caller HTML is never passed through as given.
 * It goes through the shared HTML→text conversion (links kept), then back to escaped HTML whose
 * http(s) URLs are links again, with a warning (issue: HTML notes lost links / passed raw HTML).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { commentHtml } from '../../../src/connectors/flatchr/comments.js';
import { collect, sandboxConnector } from './helpers.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('flatchr comment HTML', () => {
  it('keeps the result link of an HTML note, as a link, with a warning', () => {
    const { html, warnings } = commentHtml('Interview done. Score 87/100. <a href="https://results.example/r/42?a=1&b=2">Results</a>', 'HTML');
    expect(html).toBe('<p>Interview done. Score 87/100. Results (<a href="https://results.example/r/42?a=1&amp;b=2">https://results.example/r/42?a=1&amp;b=2</a>)</p>');
    expect(warnings).toEqual([expect.stringMatching(/reduced to text with its links kept/)]);
  });

  it('never sends a script or a javascript: link; plain text is escaped and its URLs linked, without a warning', () => {
    const hostile = commentHtml('<p>Hi</p><script>steal()</script><a href="javascript:fetch(1)">click</a><img src=x onerror=alert(1)>', undefined);
    expect(hostile.html).not.toMatch(/<script|href="javascript|onerror|<img/i);
    expect(hostile.html).toContain('Hi');
    const plain = commentHtml('a <b>not bold</b>\nsee https://x.example/p.', 'PLAIN_TEXT');
    expect(plain).toEqual({ html: '<p>a &lt;b&gt;not bold&lt;/b&gt;<br>see <a href="https://x.example/p">https://x.example/p</a>.</p>', warnings: [] });
  });

  it('addNoteToApplication stores the converted HTML on the applicant and returns the warning', async () => {
    const { sandbox, connector, close } = await sandboxConnector({ records: 10 });
    cleanup = close;
    const [application] = (await collect(connector.syncApplications())).filter((a) => a.outcome === 'PENDING');
    const result = await connector.addNoteToApplication({ application_id: application!.id, content: '<p>Score 87/100.</p><p><a href="https://r.example/1">Results</a></p>', content_type: 'HTML' });
    expect(result.warnings.join(' ')).toMatch(/reduced to text with its links kept/);
    const stored = sandbox.store.list('comments').filter((c) => c.applicant === application!.remote_id).at(-1);
    expect(stored?.text).toBe('<p>Score 87/100.<br><br>Results (<a href="https://r.example/1">https://r.example/1</a>)</p>');
  });
});
