"use client";
import { useEffect, useState } from "react";
import type { Size } from "@/lib/labeling/viewport";

/** The element's content size in whole pixels, following its resizes; null until it is first measured. */
export function useElementSize(element: HTMLElement | null): Size | null {
  const [size, setSize] = useState<Size | null>(null);
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setSize({ width: Math.floor(entry.contentRect.width), height: Math.floor(entry.contentRect.height) }));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return size;
}
