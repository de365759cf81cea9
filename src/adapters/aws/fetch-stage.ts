import type { ApiRef } from '../../core/api/api-ref.ts';
import { StageNotFoundError } from '../../core/errors/diagnose-error.ts';
import { isNotFound, toDiagnoseError } from './to-diagnose-error.ts';

export interface StageLookup<T> {
  /** `REST API` or `HTTP API`, as messages name it. */
  kind: string;
  get(): Promise<T>;
  /** Lists the API's stage names; only called on the not-found path. */
  listNames(): Promise<string[]>;
  /** What to suggest when the stage names cannot be listed. */
  hint: string;
}

/**
 * Reads a stage of a REST or HTTP API. A stage that does not exist becomes a StageNotFoundError
 * naming the stages there are; anything else becomes the DiagnoseError the operator can act on.
 */
export async function fetchStage<T>(lookup: StageLookup<T>, ref: ApiRef, apiArn: string, signal?: AbortSignal): Promise<T> {
  try {
    return await lookup.get();
  } catch (error) {
    if (isNotFound(error)) {
      // Only on the error path, to make the message useful; its own failure must not hide the real one.
      const known = await lookup.listNames().catch(() => [] as string[]);
      throw new StageNotFoundError(
        `${lookup.kind} ${ref.apiId} has no stage "${ref.stage}".` +
          (known.length > 0 ? ` Its stages are: ${[...known].sort().join(', ')}.` : ` ${lookup.hint}`),
        { cause: error },
      );
    }
    throw toDiagnoseError(error, { operation: 'GetStage', action: 'apigateway:GET', resource: `${apiArn}/stages/${ref.stage}` }, signal);
  }
}
