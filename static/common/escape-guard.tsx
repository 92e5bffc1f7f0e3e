import { useRef, type ReactElement, type ReactNode } from 'react';

/**
 * Inside a modal, Escape on an open dropdown or calendar should close only that popup. Atlaskit's
 * select and date picker close their popup but let the key bubble on to the modal, which then
 * closes too and loses the form. This stops Escape here when a popup inside was open.
 */
export function EscapeGuard({ children }: { children: ReactNode }): ReactElement {
  const popupWasOpen = useRef(false);
  return (
    <div
      onKeyDownCapture={(event) => {
        popupWasOpen.current = event.key === 'Escape' && event.currentTarget.querySelector('[aria-expanded="true"]') !== null;
      }}
      onKeyDown={(event) => {
        if (popupWasOpen.current) event.stopPropagation();
      }}
    >
      {children}
    </div>
  );
}
