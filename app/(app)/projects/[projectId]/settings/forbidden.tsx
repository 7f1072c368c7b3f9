export { NeedsManager as default } from "@/components/ui/access-denied";
