// Every response the end-to-end suites receive is checked against @credman/api-contract: the status is one the
// operation documents, the content type fits, and the body parses with the schema of that operation and status
// (problems with the problem schema and one of the documented codes). A mismatch fails the request, and so the
// test (docs/architecture.md#http-api).
import { PROBLEMS, problemCodeOf } from '@credman/domain';
import { ProblemSchema, findOperation, problemResponseOf } from '@credman/api-contract';
import type { BodyResponse, OperationSpec } from '@credman/api-contract';
import { z } from 'zod';

export class ContractMismatchError extends Error {
  override name = 'ContractMismatchError';
}

interface Answer {
  status: string;
  contentType: string;
  text: string;
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function schemaMismatch(schema: z.ZodType, text: string): string | undefined {
  const result = schema.safeParse(parsedJson(text));
  return result.success ? undefined : z.prettifyError(result.error);
}

function problemMismatch(operation: OperationSpec | undefined, answer: Answer): string | undefined {
  if (!answer.contentType.startsWith('application/problem+json'))
    return `content type ${answer.contentType} instead of application/problem+json`;
  const parsed = ProblemSchema.safeParse(parsedJson(answer.text));
  if (!parsed.success) return z.prettifyError(parsed.error);
  const code = problemCodeOf(parsed.data.type);
  if (
    code === undefined ||
    String(PROBLEMS[code].status) !== answer.status ||
    String(parsed.data.status) !== answer.status
  )
    return `problem ${parsed.data.type} (status member ${parsed.data.status}) on HTTP ${answer.status}`;
  // Unknown paths (404) and methods (405) have no operation; their problem shape is all there is to check.
  if (operation === undefined) return undefined;
  const spec = operation.responses[answer.status];
  const documented = spec === undefined ? undefined : problemResponseOf(spec);
  if (documented === undefined) return `HTTP ${answer.status} is not a documented problem response`;
  return documented.codes.includes(code)
    ? undefined
    : `code ${code} is not documented for HTTP ${answer.status}`;
}

function bodyMismatch(operation: OperationSpec | undefined, answer: Answer): string | undefined {
  if (operation === undefined) return 'no operation of the contract answers this request';
  const spec = operation.responses[answer.status];
  if (spec === undefined || problemResponseOf(spec) !== undefined)
    return `HTTP ${answer.status} is not a documented success response`;
  const { body } = spec as BodyResponse;
  if (body === undefined) return answer.text === '' ? undefined : 'a body where the contract documents none';
  if (!answer.contentType.startsWith('application/json'))
    return `content type ${answer.contentType} instead of application/json`;
  return schemaMismatch(body, answer.text);
}

/** Why the response breaks the contract, or undefined when it keeps it. */
export async function contractMismatch(
  method: string,
  url: string,
  response: Response,
): Promise<string | undefined> {
  const operation = findOperation(method, new URL(url).pathname);
  const answer: Answer = {
    status: String(response.status),
    contentType: response.headers.get('content-type') ?? '',
    text: await response.clone().text(),
  };
  const spec = operation?.responses[answer.status];
  // A problem unless the contract documents a body for this status (GET /readyz answers 503 with its report).
  const documentedBody = spec !== undefined && problemResponseOf(spec) === undefined;
  return response.status >= 400 && !documentedBody
    ? problemMismatch(operation, answer)
    : bodyMismatch(operation, answer);
}

/** Checks responses and counts them, so a run can show how many were validated. */
export class ContractCheck {
  #validated = 0;

  get validated(): number {
    return this.#validated;
  }

  async check(method: string, url: string, response: Response): Promise<void> {
    const mismatch = await contractMismatch(method, url, response);
    if (mismatch !== undefined)
      throw new ContractMismatchError(
        `${method} ${url} → ${response.status} breaks the API contract: ${mismatch}`,
      );
    this.#validated += 1;
  }
}
