import { createHmac } from 'node:crypto';
import { ApiError } from '../api-error.ts';
import type { RouteHandler } from './route.ts';

const URL_TTL_S = 900;

export const getCallRecording: RouteHandler = ({ store, params, now }) => {
  const call = store.call(params.id as string);
  if (call.endedAt === null || call.recording.status !== 'available') {
    throw new ApiError(404, 'RECORDING_NOT_AVAILABLE', 'the recording is available once the call has ended and its recording is stored');
  }
  const expires = Math.floor(now / 1000) + URL_TTL_S;
  const path = `/recordings/${call.organizationId}/${call.id}/${call.recording.key}.ogg`;
  const signature = createHmac('sha256', call.recording.key).update(`${path}:${expires}`).digest('hex');
  return { status: 200, body: { url: `https://recordings.speko.example${path}?Expires=${expires}&Signature=${signature}`, expires_at: new Date(expires * 1000).toISOString() } };
};
