/**
 * Every error diagnose-502 raises on purpose: a stable code for programs, a message that tells
 * the operator what to do, and the underlying cause kept for the logs.
 */
export type DiagnoseErrorCode =
  | 'invalid_arguments'
  | 'api_not_found'
  | 'api_ambiguous'
  | 'stage_not_found'
  | 'no_credentials'
  | 'access_denied'
  | 'aws_unavailable'
  | 'invalid_runbook'
  | 'invalid_config'
  | 'invalid_scenario';

export class DiagnoseError extends Error {
  readonly code: DiagnoseErrorCode;

  constructor(code: DiagnoseErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DiagnoseError';
    this.code = code;
  }
}

export class InvalidArgumentsError extends DiagnoseError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_arguments', message, options);
    this.name = 'InvalidArgumentsError';
  }
}

export class ApiNotFoundError extends DiagnoseError {
  constructor(message: string, options?: ErrorOptions) {
    super('api_not_found', message, options);
    this.name = 'ApiNotFoundError';
  }
}

/** Someone the bot could act for: one API that a name or URL could mean. */
export interface ApiCandidate {
  id: string;
  type: 'rest' | 'http';
  name: string;
  region: string;
  /** ISO-8601, when AWS gave one. */
  createdDate?: string;
}

/** A name that fits more than one API: the candidates are listed, the bot never picks one. */
export class AmbiguousApiError extends DiagnoseError {
  readonly candidates: ApiCandidate[];

  constructor(message: string, candidates: ApiCandidate[], options?: ErrorOptions) {
    super('api_ambiguous', message, options);
    this.name = 'AmbiguousApiError';
    this.candidates = candidates;
  }
}

export class StageNotFoundError extends DiagnoseError {
  constructor(message: string, options?: ErrorOptions) {
    super('stage_not_found', message, options);
    this.name = 'StageNotFoundError';
  }
}

export class NoCredentialsError extends DiagnoseError {
  constructor(message: string, options?: ErrorOptions) {
    super('no_credentials', message, options);
    this.name = 'NoCredentialsError';
  }
}

export class AccessDeniedError extends DiagnoseError {
  constructor(message: string, options?: ErrorOptions) {
    super('access_denied', message, options);
    this.name = 'AccessDeniedError';
  }
}

export class RunbookValidationError extends DiagnoseError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_runbook', message, options);
    this.name = 'RunbookValidationError';
  }
}

export class ConfigValidationError extends DiagnoseError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_config', message, options);
    this.name = 'ConfigValidationError';
  }
}

export class ScenarioValidationError extends DiagnoseError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_scenario', message, options);
    this.name = 'ScenarioValidationError';
  }
}
