"use client";
import { useLayoutEffect, useState } from "react";
import type { Size } from "@/lib/labeling/viewport";

/**
 * The element's content size in whole pixels, following its resizes; null until it is first measured. Measured as
 * soon as it is laid out, before the first paint, so what depends on the size (a canvas) is in the same frame.
 */
export function useElementSize(element: HTMLElement | null): Size | null {
  const [size, setSize] = useState<Size | null>(null);
  useLayoutEffect(() => {
    if (!element) return;
    const update = (width: number, height: number) =>
      setSize((current) => (current?.width === Math.floor(width) && current.height === Math.floor(height) ? current : { width: Math.floor(width), height: Math.floor(height) }));
    // The border box: these elements have no border or padding, and it is fractional like the observer's content box.
    const { width, height } = element.getBoundingClientRect();
    update(width, height);
    const observer = new ResizeObserver(([entry]) => entry && update(entry.contentRect.width, entry.contentRect.height));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return size;
}
