export { NeedsReviewer as default } from "@/components/ui/access-denied";
