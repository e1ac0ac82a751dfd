import type { LocalizedText } from '@hallq/protocol';
import type { Language } from '@hallq/ui';

/** Speaks a prompt when the browser can; says nothing (and throws nothing) when it cannot. */
export function speak(text: LocalizedText, language: Language): void {
  const synth = typeof window === 'undefined' ? undefined : window.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  try {
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(language === 'zh' ? text.zh : text.en);
    utterance.lang = language === 'zh' ? 'zh-CN' : 'en-GB';
    utterance.rate = 0.85;
    synth.speak(utterance);
  } catch {
    // No voice on this machine: prompts stay on screen only.
  }
}
