/** What is left of a string after `${stageVariables.x}` references are replaced by the stage's values. */
export interface ResolvedText {
  value: string;
  /** Names referenced in the text that the stage does not define; their references are left as they were. */
  unresolved: string[];
}

const STAGE_VARIABLE_REF = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;

/**
 * Substitutes stage variables the way API Gateway does at request time, so that an integration
 * written as `function:${stageVariables.fn}` can be traced to the function a stage really calls.
 */
export function resolveStageVariables(text: string, variables: Record<string, string>): ResolvedText {
  const unresolved: string[] = [];
  const value = text.replace(STAGE_VARIABLE_REF, (reference, name: string) => {
    const replacement = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (replacement === undefined) {
      if (!unresolved.includes(name)) unresolved.push(name);
      return reference;
    }
    return replacement;
  });
  return { value, unresolved };
}
