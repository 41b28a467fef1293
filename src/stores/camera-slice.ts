import type { StateCreator } from 'zustand';
import type { TwinState } from './twin-store';

/*
 * The camera slice owns the camera pose as the rest of the viewer sees it: where the camera came
 * to rest (written by src/cesium/, read by the permalink) and a pose asked for (an opened link).
 */

/**
 * A camera pose, as a permalink keeps it: the camera's position in degrees and metres above the
 * ellipsoid, and its orientation in degrees.
 */
export interface CameraView {
  readonly lon: number;
  readonly lat: number;
  readonly heightMetres: number;
  readonly headingDegrees: number;
  readonly pitchDegrees: number;
  readonly rollDegrees: number;
}

export interface CameraSlice {
  /** The camera once it stopped moving (written by src/cesium; read by the permalink). */
  camera: CameraView | null;
  setCamera: (camera: CameraView) => void;
  /** A pose to put the camera in (a permalink being opened); `seq` changes with each request. */
  cameraRequest: { readonly view: CameraView; readonly seq: number } | null;
  requestCamera: (view: CameraView) => void;
}

export const createCameraSlice: StateCreator<TwinState, [], [], CameraSlice> = (set) => ({
  camera: null,
  setCamera: (camera) => set({ camera }),
  cameraRequest: null,
  requestCamera: (view) => set((s) => ({ cameraRequest: { view, seq: (s.cameraRequest?.seq ?? 0) + 1 } })),
});
