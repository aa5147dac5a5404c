// What `npm test` needs beyond Node and npm, and how to get it on Debian: the browser tests drive Debian's
// Chromium (playwright-core cannot download a browser here), the compose checks run Debian's docker-compose
// (`config` needs no Docker engine), and the monitoring tests run Debian's promtool and Prometheus. Pure: which tools are present is passed in, so the plan is testable.

export interface RequiredTool {
  /** The command the tests run, looked up on PATH. */
  command: string;
  /** The Debian package that provides it. */
  debianPackage: string;
  /** What needs it, for the message a person reads. */
  neededBy: string;
  /** An environment variable that names the program instead (it is then not looked up on PATH). */
  pathVariable?: string;
}

export const REQUIRED_TOOLS: readonly RequiredTool[] = [
  {
    command: 'chromium',
    debianPackage: 'chromium',
    neededBy: 'the browser tests (console, login pages, npm start)',
    pathVariable: 'CHROMIUM_PATH',
  },
  {
    command: 'docker-compose',
    debianPackage: 'docker-compose',
    neededBy: 'the docker-compose.yml checks (no Docker engine needed)',
  },
  {
    command: 'promtool',
    debianPackage: 'prometheus',
    neededBy: "the alert rules' unit tests (promtool test rules)",
  },
  {
    command: 'prometheus',
    debianPackage: 'prometheus',
    neededBy: 'the test in which the real Prometheus scrapes the sidecar',
  },
];

export interface MachineFacts {
  /** The tools found (by command name). */
  present: ReadonlySet<string>;
  /** Root may install packages itself. */
  isRoot: boolean;
  /** apt-get is on PATH (a Debian or Ubuntu machine). */
  hasApt: boolean;
}

export type ToolPlan =
  | { kind: 'ready' }
  | { kind: 'install'; packages: string[]; missing: RequiredTool[] }
  | { kind: 'stop'; message: string; missing: RequiredTool[] };

/** The one command a person runs to install the missing packages. */
export function installCommand(packages: readonly string[], isRoot: boolean): string {
  const apt = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  return isRoot ? apt : `sudo sh -c '${apt}'`;
}

export function planTools(tools: readonly RequiredTool[], machine: MachineFacts): ToolPlan {
  const missing = tools.filter((tool) => !machine.present.has(tool.command));
  if (missing.length === 0) return { kind: 'ready' };
  const packages = [...new Set(missing.map((tool) => tool.debianPackage))];
  if (machine.isRoot && machine.hasApt) return { kind: 'install', packages, missing };
  const lines = missing.map((tool) => {
    const instead = tool.pathVariable === undefined ? '' : ` (or set ${tool.pathVariable} to it)`;
    return `  ${tool.command}${instead}: ${tool.neededBy}`;
  });
  const how = machine.hasApt
    ? `Run:\n  ${installCommand(packages, machine.isRoot)}`
    : `Install the Debian packages ${packages.join(', ')} or their equivalent for this system.`;
  return { kind: 'stop', missing, message: ['npm test needs:', ...lines, how].join('\n') };
}
