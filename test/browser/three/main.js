// A second engine for the twin's 3D tiles: three.js + 3d-tiles-renderer, no build step (import
// map in index.html; the test serves this folder and the two packages). `?tileset=<url>`.
import { TilesRenderer } from '3d-tiles-renderer/three';
import * as THREE from 'three';

const state = { models: 0, errors: [], ready: false, loadEnds: 0 };
window.__three = state;

const width = 640;
const height = 400;
const renderer = new THREE.WebGLRenderer({ antialias: false, preserveDrawingBuffer: true });
renderer.setSize(width, height);
document.body.appendChild(renderer.domElement);
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x202830);
const camera = new THREE.PerspectiveCamera(60, width / height, 1, 1e8);

const url = new URLSearchParams(location.search).get('tileset');
const tiles = new TilesRenderer(url);
tiles.setCamera(camera);
tiles.setResolutionFromRenderer(camera, renderer);
scene.add(tiles.group);
tiles.addEventListener('load-model', () => {
  state.models++;
});
tiles.addEventListener('load-error', (e) => {
  state.errors.push(String(e.error?.message ?? e.error ?? e.url));
});
tiles.addEventListener('tiles-load-end', () => {
  state.loadEnds++;
});
tiles.addEventListener('load-root-tileset', () => {
  if (state.ready) return;
  // Look at the tileset from the south, 45 degrees down (ECEF: "up" is the centre's direction).
  const sphere = new THREE.Sphere();
  if (!tiles.getBoundingSphere(sphere)) return;
  const up = sphere.center.clone().normalize();
  const north = new THREE.Vector3(0, 0, 1).addScaledVector(up, -up.z).normalize();
  camera.position
    .copy(sphere.center)
    .addScaledVector(up, sphere.radius * 1.3)
    .addScaledVector(north, -sphere.radius * 1.3);
  camera.up.copy(up);
  camera.lookAt(sphere.center);
  camera.near = sphere.radius * 0.01;
  camera.far = sphere.radius * 100;
  camera.updateProjectionMatrix();
  state.ready = true;
});

function frame() {
  camera.updateMatrixWorld();
  tiles.update();
  renderer.render(scene, camera);
  requestAnimationFrame(frame);
}
frame();
