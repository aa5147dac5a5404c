// axe-core on the jsdom DOM: catches missing labels, bad ARIA and heading misuse early. Colour contrast needs
// real layout, so the browser end-to-end tests check it instead.
import axe from 'axe-core';

export interface AxeFinding {
  id: string;
  impact: string;
  targets: string[];
}

/** Rules checked at any impact: the brief asks for headings in order. */
const ALWAYS_REPORTED = new Set(['heading-order']);

/** Serious and critical violations in the document, and any heading-order violation. */
export async function seriousViolations(): Promise<AxeFinding[]> {
  const results = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false } },
    resultTypes: ['violations'],
  });
  return results.violations
    .filter(
      (violation) =>
        violation.impact === 'serious' ||
        violation.impact === 'critical' ||
        ALWAYS_REPORTED.has(violation.id),
    )
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}
