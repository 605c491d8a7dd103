/**
 * The sandbox wire formats, by provider. The framework (./sandbox) imports only the core; this
 * registry is the one place that reaches into connector folders for their `sandbox.ts`.
 */
import { gemSandbox } from './sandboxes/gem/sandbox.js';
import { crelateSandbox } from './sandboxes/crelate/sandbox.js';
import { flatchrSandbox } from './sandboxes/flatchr/sandbox.js';
import { jarviSandbox } from './sandboxes/jarvi/sandbox.js';
import { teamtailorSandbox } from './sandboxes/teamtailor/sandbox.js';
import type { SandboxProvider } from './sandbox/types.js';

/** Every provider with a sandbox. */
export const sandboxProviders = {
  teamtailor: teamtailorSandbox,
  jarvi: jarviSandbox,
  flatchr: flatchrSandbox,
  crelate: crelateSandbox,
  gem: gemSandbox,
} as const satisfies Record<string, SandboxProvider>;

/** A provider name that has a sandbox. */
export type SandboxProviderName = keyof typeof sandboxProviders;
