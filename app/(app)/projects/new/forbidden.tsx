export { NeedsProjectCreator as default } from "@/components/ui/access-denied";
