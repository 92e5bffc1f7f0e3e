import { lazy } from 'react';

// What the first render does not need is loaded on demand, so the Tokens table shows sooner:
// the other tabs, and the dialogs (the date picker alone brings date-fns and a calendar).
// `prefetchLazyParts` fetches them in the background once the page is up.
const loaders = {
  createTokenDialog: () => import('./tokens/create-token-dialog'),
  revealDialog: () => import('./tokens/reveal-dialog'),
  tokenDialogs: () => import('./tokens/token-dialogs'),
  auditTab: () => import('./audit/audit-tab'),
  settingsTab: () => import('./settings/settings-tab'),
  apiTab: () => import('./api-tab/api-tab'),
};

export const CreateTokenDialog = lazy(() => loaders.createTokenDialog().then((m) => ({ default: m.CreateTokenDialog })));
export const RevealDialog = lazy(() => loaders.revealDialog().then((m) => ({ default: m.RevealDialog })));
export const RevokeDialog = lazy(() => loaders.tokenDialogs().then((m) => ({ default: m.RevokeDialog })));
export const RotateDialog = lazy(() => loaders.tokenDialogs().then((m) => ({ default: m.RotateDialog })));
export const RevokeAllDialog = lazy(() => loaders.tokenDialogs().then((m) => ({ default: m.RevokeAllDialog })));
export const AuditTab = lazy(() => loaders.auditTab().then((m) => ({ default: m.AuditTab })));
export const SettingsTab = lazy(() => loaders.settingsTab().then((m) => ({ default: m.SettingsTab })));
export const ApiTab = lazy(() => loaders.apiTab().then((m) => ({ default: m.ApiTab })));

export function prefetchLazyParts(): void {
  const fetchAll = (): void => {
    for (const load of Object.values(loaders)) void load().catch(() => undefined);
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(fetchAll, { timeout: 2000 });
  else setTimeout(fetchAll, 500);
}
