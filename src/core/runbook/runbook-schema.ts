/**
 * The shape of a runbook file: what each verdict means and how to fix and verify it, plus the
 * first-ten-minutes checklist with the buttons a person presses for manual steps. Checked when the
 * runbook loads so that a typo fails loudly at start-up instead of rendering an empty section at 3 a.m.
 */
import { z } from 'zod';
import type { StepAnswer } from '../diagnosis/types.ts';

/** Placeholders a runbook string may contain; the renderers fill them from the report. */
export const RUNBOOK_PLACEHOLDERS = ['apiId', 'apiName', 'stage', 'region', 'functionName', 'accountId'] as const;
export type RunbookPlaceholder = (typeof RUNBOOK_PLACEHOLDERS)[number];

/** Slack caps button text at 75 characters. */
export const MAX_BUTTON_LABEL = 75;

// AWS CLI sub-commands that change state. A runbook may suggest them only as a labelled change
// the operator runs themselves, never as if they were a harmless check.
const MUTATING_CLI =
  /\baws\s+[a-z0-9-]+\s+(add|update|put|create|delete|remove|authorize|revoke|modify|register|deregister|attach|detach|replace|set|tag|untag)-[a-z-]+/;
export const CHANGE_LABEL = 'CHANGE:';

const text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .superRefine((value, ctx) => {
    // Renderers show what sits between backticks as a command; an odd count swallows the rest.
    if ((value.match(/`/g) ?? []).length % 2 !== 0) {
      ctx.addIssue({ code: 'custom', message: 'has an unmatched backtick; commands go between a pair of backticks' });
    }
    for (const match of value.matchAll(/\{([A-Za-z]+)\}/g)) {
      const name = match[1]!;
      if (!(RUNBOOK_PLACEHOLDERS as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {${name}}; use one of ${RUNBOOK_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        });
      }
    }
  });

/** A fix or verification step: a state-changing AWS CLI command must be labelled as a change. */
const actionText = text.superRefine((value, ctx) => {
  if (MUTATING_CLI.test(value) && !value.startsWith(CHANGE_LABEL)) {
    ctx.addIssue({
      code: 'custom',
      message: `contains a state-changing AWS CLI command; start the item with "${CHANGE_LABEL}" so the operator knows they are changing something`,
    });
  }
});

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'must contain at least 1 item');

export const causeGuideSchema = z.strictObject({
  title: text,
  /** What this cause is, in a sentence or two. */
  meaning: text,
  culprits: list(text),
  fix: list(actionText),
  verify: list(actionText),
  /** Moves that make things worse or hide the real problem. */
  traps: list(text),
});

const buttonLabel = text.max(MAX_BUTTON_LABEL, `must be at most ${MAX_BUTTON_LABEL} characters (Slack button limit)`);

/** The answers of one manual step: exactly the two ids the machine understands, each once. */
function answersSchema<const A extends readonly [StepAnswer, StepAnswer]>(ids: A) {
  return z
    .array(z.strictObject({ id: z.enum(ids), label: buttonLabel }))
    .min(1, 'must contain at least 1 item')
    .superRefine((answers, ctx) => {
      for (const id of ids) {
        const count = answers.filter((a) => a.id === id).length;
        if (count !== 1) {
          ctx.addIssue({ code: 'custom', message: `must list answer "${id}" exactly once (found ${count})` });
        }
      }
    });
}

const automaticStep = z.strictObject({ title: text, kind: z.literal('automatic'), how: actionText });

function manualStep<const A extends readonly [StepAnswer, StepAnswer]>(ids: A) {
  return z.strictObject({ title: text, kind: z.literal('manual'), how: actionText, answers: answersSchema(ids) });
}

export const runbookSchema = z.strictObject({
  version: z.literal(1),
  checklist: z.strictObject({
    'execution-logs': automaticStep,
    'direct-call': manualStep(['works-directly', 'fails-directly']),
    metrics: automaticStep,
    tracing: manualStep(['fails-in-backend', 'fails-before-backend']),
    'mapping-templates': manualStep(['templates-ok', 'templates-broken']),
    'timeout-settings': automaticStep,
  }),
  causes: z.strictObject({
    timeout: causeGuideSchema,
    network: causeGuideSchema,
    permission: causeGuideSchema,
    format: causeGuideSchema,
    'backend-error': causeGuideSchema,
    none: causeGuideSchema,
    inconclusive: causeGuideSchema,
  }),
});

export type Runbook = z.infer<typeof runbookSchema>;
export type CauseGuide = z.infer<typeof causeGuideSchema>;
export type RunbookStepId = keyof Runbook['checklist'];
export type RunbookStep = Runbook['checklist'][RunbookStepId];
