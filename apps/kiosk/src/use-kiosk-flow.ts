import { useCallback, useRef, useState } from 'react';
import {
  initialKioskState,
  type KioskEffect,
  type KioskEvent,
  type KioskState,
  kioskTransition,
} from './logic/kiosk-flow.ts';

export type Dispatch = (event: KioskEvent) => void;
export type EffectRunner = (effect: KioskEffect, dispatch: Dispatch) => void;

/** Runs the pure kiosk transition and hands its effects to `runEffect` (read through a ref: always the latest). */
export function useKioskFlow(runEffect: EffectRunner): { state: KioskState; dispatch: Dispatch } {
  const [state, setState] = useState<KioskState>(initialKioskState);
  const current = useRef<KioskState>(initialKioskState);
  const runner = useRef(runEffect);
  runner.current = runEffect;
  const dispatch = useCallback<Dispatch>((event) => {
    const { state: next, effects } = kioskTransition(current.current, event);
    current.current = next;
    setState(next);
    for (const effect of effects) runner.current(effect, dispatch);
  }, []);
  return { state, dispatch };
}
