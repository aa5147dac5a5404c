// The operator's weekly digest of applications that depend on one person or nobody.
import { render } from '../render.ts';
import type { MessageSettings, RenderedMessage } from '../render.ts';
import { applicationLink } from './parts.ts';

export interface UnderstaffedApplication {
  clientId: string;
  managers: number;
}

/** The operator's weekly list of applications with fewer than two managers. */
export function digestMessage(
  input: { week: string; applications: readonly UnderstaffedApplication[] },
  settings: MessageSettings,
): RenderedMessage {
  const count = input.applications.length;
  return render(
    `Week ${input.week}: ${String(count)} application${count === 1 ? '' : 's'} with fewer than 2 managers`,
    [
      {
        kind: 'paragraph',
        text: 'These applications depend on one person or on nobody: when their secret expires, nobody else can rotate it. Assign a second credential manager.',
      },
      {
        kind: 'list',
        title: `Applications (${String(count)}):`,
        items: input.applications.map((application) => ({
          text: `${application.clientId}: ${application.managers === 0 ? 'no manager' : '1 manager'}`,
          href: applicationLink(settings.publicUrl, application.clientId),
        })),
      },
      {
        kind: 'paragraph',
        text: "You receive this mail because you are credman's operator contact. It is sent once a week.",
      },
    ],
    settings,
  );
}
