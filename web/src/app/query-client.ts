import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';

/** Refusals (4xx) are answers, not glitches: retry only failures that another try may fix. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
