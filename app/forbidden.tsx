// forbidden() is only called by pages inside the app layout, which has the main landmark.
export { NeedsAdministrator as default } from "@/components/ui/access-denied";
