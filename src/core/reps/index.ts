/** Rep detection: the detector, the exercise profiles and the motion segmenter. */
export { createRepDetector, createStreamingRepDetector } from './detector';
export type { RepDetectorOptions, RepDetectorStats, StreamingRepDetector } from './detector';
export { PROFILES, getProfile, listProfiles } from './profiles';
export type { ExerciseProfile, RepSignal } from './profiles';
export { createMotionSegmenter } from './segmenter';
export type { MotionSegmenterOptions } from './segmenter';
export type { RepDetector, RepEvent, MotionSegmenter, MotionEvent } from './types';
export { createRepModelLearner } from './model';
export type { RepModelLearner, RepModelLearnerOptions, Placement } from './model';
