import type { calendar_v3 } from '@googleapis/calendar';
import type { Context } from 'hono';
import type { FaultRenderer, StandInEnv, StatusFault } from '../core/stand-in';

/** Google's JSON error envelope (`calendar_v3.Schema$Error` is one item of `errors`). */
export interface GoogleErrorBody {
  error: {
    code: number;
    message: string;
    errors: (calendar_v3.Schema$Error & { message: string; location?: string; locationType?: string })[];
    status?: string;
  };
}

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'NOT_FOUND',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function googleError(
  c: Context,
  code: number,
  reason: string,
  message: string,
  options: { domain?: string; location?: string; locationType?: string; headers?: Record<string, string> } = {},
): Response {
  const body: GoogleErrorBody = {
    error: {
      code,
      message,
      errors: [
        {
          domain: options.domain ?? 'global',
          reason,
          message,
          ...(options.location ? { location: options.location, locationType: options.locationType ?? 'parameter' } : {}),
        },
      ],
      ...(statusNames[code] ? { status: statusNames[code] } : {}),
    },
  };
  return c.json(body, code as 400, options.headers);
}

/** What an injected status fault looks like coming from Google. */
function statusFault(fault: StatusFault, c: Context<StandInEnv>): Response {
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
  const defaults: Record<number, { reason: string; domain: string; message: string }> = {
    403: { reason: 'rateLimitExceeded', domain: 'usageLimits', message: 'Rate Limit Exceeded' },
    429: { reason: 'rateLimitExceeded', domain: 'usageLimits', message: 'Rate Limit Exceeded' },
    500: { reason: 'backendError', domain: 'global', message: 'Backend Error' },
    502: { reason: 'backendError', domain: 'global', message: 'Bad Gateway' },
    503: { reason: 'backendError', domain: 'global', message: 'The service is currently unavailable.' },
    504: { reason: 'backendError', domain: 'global', message: 'Deadline exceeded.' },
  };
  const known = defaults[fault.status] ?? { reason: 'backendError', domain: 'global', message: 'Backend Error' };
  const reason = fault.reason ?? known.reason;
  const domain = reason.endsWith('LimitExceeded') || reason === 'quotaExceeded' ? 'usageLimits' : known.domain;
  return googleError(c, fault.status, reason, fault.message ?? known.message, { domain, headers });
}

/**
 * A wrongly shaped Google answer: the field a client most depends on gets the wrong type, so a
 * schema has a precise field to name.
 */
function wrongShape(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { unexpected: true };
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  if (copy.calendars && typeof copy.calendars === 'object') {
    const calendars = Object.fromEntries(
      Object.entries(copy.calendars as Record<string, calendar_v3.Schema$FreeBusyCalendar>).map(([id, calendar]) => [
        id,
        { ...calendar, busy: (calendar.busy ?? [{}]).map((period) => ({ ...period, start: 1234567890 })) },
      ]),
    );
    return { ...copy, calendars };
  }
  for (const field of ['items', 'value', 'start', 'meetingUri', 'id']) {
    if (field in copy) return { ...copy, [field]: 42 };
  }
  return { ...copy, kind: 42 };
}

export const googleFaultRenderer: FaultRenderer = { status: statusFault, wrongShape };
