/**
 * The call alert where the phone allows it: a vibration (Android browsers; iOS has none) and a two-tone chime played
 * with Web Audio (no sound file to download). Browsers play sound only after the visitor touched the page: the page
 * offers a button that unlocks it, and remembers nothing.
 */
export function createCallAlert(win: Window & typeof globalThis) {
  let audio: AudioContext | null = null;

  const chime = (context: AudioContext) => {
    const start = context.currentTime + 0.05;
    [880, 660, 880].forEach((frequency, i) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      const at = start + i * 0.35;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.32);
    });
  };

  return {
    /** True when a sound can be played now (the visitor unlocked it). */
    soundReady: () => audio?.state === 'running',
    /** Called from the visitor's tap: makes sound possible, with a short chime to show it works. */
    async unlock(): Promise<boolean> {
      const AudioContextClass = win.AudioContext;
      if (!AudioContextClass) return false;
      audio ??= new AudioContextClass();
      try {
        await audio.resume();
      } catch {
        return false;
      }
      if (audio.state !== 'running') return false;
      chime(audio);
      return true;
    },
    /** The alert itself: vibration and chime, each only if the phone allows it. */
    alert(): { vibrated: boolean; sounded: boolean } {
      let vibrated = false;
      try {
        vibrated =
          typeof win.navigator.vibrate === 'function' && win.navigator.vibrate([400, 200, 400, 200, 400]);
      } catch {
        vibrated = false;
      }
      const sounded = audio?.state === 'running';
      if (audio && sounded) chime(audio);
      return { vibrated, sounded };
    },
  };
}

export type CallAlert = ReturnType<typeof createCallAlert>;
